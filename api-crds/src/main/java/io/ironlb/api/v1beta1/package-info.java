/**
 * The {@code metallb.io/v1beta1} kinds, with MetalLB's field names, JSON names and defaults, so
 * existing MetalLB configuration applies unchanged. The CRD YAML under {@code config/crds/} is
 * generated from these classes.
 */
package io.ironlb.api.v1beta1;
