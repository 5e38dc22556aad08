package io.ironlb.api.v1beta1;

/** The spec of a status-only kind: MetalLB's status kinds carry no spec fields. */
public class EmptySpec {}
