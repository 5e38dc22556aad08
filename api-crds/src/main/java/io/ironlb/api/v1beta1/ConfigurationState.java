package io.ironlb.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Whether a component's configuration is valid ({@code metallb.io/v1beta1 ConfigurationState}):
 * {@code controller} for the controller, {@code speaker-NODE} for each speaker, labelled {@code
 * metallb.io/component-type} and {@code metallb.io/node-name}. Status only: like MetalLB's, the
 * kind has no spec at all ({@link Void}).
 */
@Group("metallb.io")
@Version("v1beta1")
@Kind("ConfigurationState")
@Plural("configurationstates")
@AdditionalPrinterColumn(
    name = "Result",
    jsonPath = ".status.result",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "ErrorSummary",
    jsonPath = ".status.errorSummary",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class ConfigurationState extends CustomResource<Void, ConfigurationStateStatus>
    implements Namespaced {
  private static final long serialVersionUID = 1L;

  @Override
  @JsonPropertyDescription("Written by the component it names; see result and errorSummary.")
  public ConfigurationStateStatus getStatus() {
    return super.getStatus();
  }
}
