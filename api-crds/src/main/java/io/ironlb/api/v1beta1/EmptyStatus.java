package io.ironlb.api.v1beta1;

/** The status of kinds whose status MetalLB leaves empty. */
public class EmptyStatus {}
