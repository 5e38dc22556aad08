package io.ironlb.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The status of kinds whose status MetalLB declares but leaves empty (advertisements, peers, BFD
 * profiles, communities). The Jackson annotation makes it serialize as {@code {}} instead of
 * failing as a bean without properties.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class EmptyStatus {}
