package io.ironlb.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The spec of a status-only kind (ServiceL2Status, ServiceBGPStatus): MetalLB declares it as an
 * empty object. The Jackson annotation makes it serialize as {@code {}} instead of failing as a
 * bean without properties (fabric8 instantiates the spec of every new CustomResource).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class EmptySpec {}
