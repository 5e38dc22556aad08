/** The IronLB speaker: one process per node that makes the network deliver Service IPs to it. */
package io.ironlb.speaker;
