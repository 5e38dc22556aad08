package io.ironlb.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MergePatchTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** RFC 7386 appendix A's cases, plus the list case fabric8's mock gets wrong. */
  static Stream<Arguments> jsonMergePatches() {
    return Stream.of(
        Arguments.of("a field is replaced", "{'a':'b'}", "{'a':'c'}", "{'a':'c'}"),
        Arguments.of("a field is added", "{'a':'b'}", "{'b':'c'}", "{'a':'b','b':'c'}"),
        Arguments.of("null removes a field", "{'a':'b'}", "{'a':null}", "{}"),
        Arguments.of(
            "null removes one field of several", "{'a':'b','b':'c'}", "{'a':null}", "{'b':'c'}"),
        Arguments.of(
            "a list is replaced, not merged", "{'a':['b']}", "{'a':['c','b']}", "{'a':['c','b']}"),
        Arguments.of("a list replaces an object", "{'a':{'b':'c'}}", "{'a':[1]}", "{'a':[1]}"),
        Arguments.of(
            "nested objects merge",
            "{'a':{'b':'c'}}",
            "{'a':{'b':'d','c':null}}",
            "{'a':{'b':'d'}}"),
        Arguments.of(
            "a patch object builds missing parents",
            "{'e':null}",
            "{'a':{'bb':{'ccc':null}}}",
            "{'e':null,'a':{'bb':{}}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jsonMergePatches")
  void jsonMergePatchFollowsRfc7386(String description, String target, String patch, String want)
      throws Exception {
    assertThat(MergePatch.json(json(target), json(patch))).isEqualTo(json(want));
  }

  /** Patches as kubectl apply computes them for Services and Pods. */
  static Stream<Arguments> strategicMergePatches() {
    return Stream.of(
        Arguments.of(
            "Service ports merge by port: a changed one is updated, others stay",
            "{'spec':{'ports':[{'port':80,'targetPort':8080},{'port':443,'targetPort':8443}]}}",
            "{'spec':{'ports':[{'port':80,'targetPort':9090}]}}",
            "{'spec':{'ports':[{'port':80,'targetPort':9090},{'port':443,'targetPort':8443}]}}"),
        Arguments.of(
            "$patch: delete removes the list element with that key",
            "{'spec':{'ports':[{'port':80},{'port':443}]}}",
            "{'spec':{'ports':[{'port':80,'$patch':'delete'}]}}",
            "{'spec':{'ports':[{'port':443}]}}"),
        Arguments.of(
            "$setElementOrder orders the merged list and is not stored",
            "{'spec':{'ports':[{'port':80}]}}",
            "{'spec':{'$setElementOrder/ports':[{'port':81},{'port':80}],'ports':[{'port':81}]}}",
            "{'spec':{'ports':[{'port':81},{'port':80}]}}"),
        Arguments.of(
            "a list without merge strategy is replaced",
            "{'spec':{'selector':{'app':'a'},'externalIPs':['192.0.2.1']}}",
            "{'spec':{'externalIPs':['192.0.2.2']}}",
            "{'spec':{'selector':{'app':'a'},'externalIPs':['192.0.2.2']}}"),
        Arguments.of(
            "map fields merge and null removes one",
            "{'metadata':{'labels':{'a':'1','b':'2'}}}",
            "{'metadata':{'labels':{'a':null,'c':'3'}}}",
            "{'metadata':{'labels':{'b':'2','c':'3'}}}"),
        Arguments.of(
            "finalizers merge as a set; $deleteFromPrimitiveList removes",
            "{'metadata':{'finalizers':['x','y']}}",
            "{'metadata':{'finalizers':['z'],'$deleteFromPrimitiveList/finalizers':['x']}}",
            "{'metadata':{'finalizers':['y','z']}}"),
        Arguments.of(
            "$patch: replace inside a map replaces it whole",
            "{'spec':{'selector':{'app':'a','tier':'b'}}}",
            "{'spec':{'selector':{'$patch':'replace','app':'c'}}}",
            "{'spec':{'selector':{'app':'c'}}}"),
        Arguments.of(
            "$retainKeys clears fields not listed",
            "{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}",
            "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}",
            "{'spec':{'strategy':{'type':'Recreate'}}}"),
        Arguments.of(
            "nested merge lists: container env merges by name inside the container",
            "{'spec':{'containers':[{'name':'c','env':[{'name':'A','value':'1'}]}]}}",
            "{'spec':{'containers':[{'name':'c','env':[{'name':'B','value':'2'}]}]}}",
            "{'spec':{'containers':[{'name':'c','env':[{'name':'A','value':'1'},"
                + "{'name':'B','value':'2'}]}]}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("strategicMergePatches")
  void strategicMergePatchMergesListsByTheirKeys(
      String description, String target, String patch, String want) throws Exception {
    assertThat(MergePatch.strategic(json(target), json(patch))).isEqualTo(json(want));
  }

  private static JsonNode json(String singleQuoted) throws Exception {
    return JSON.readTree(singleQuoted.replace('\'', '"'));
  }
}
