package io.ironlb.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaDefaultsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A schema shaped like the metallb.io CRDs: spec with defaults, lists and maps of objects. */
  private static final String SCHEMA =
      """
      {'type':'object','properties':{
        'metadata':{'type':'object','properties':{'name':{'type':'string','default':'x'}}},
        'spec':{'type':'object','properties':{
          'autoAssign':{'type':'boolean','default':true},
          'avoidBuggyIPs':{'type':'boolean','default':false},
          'timers':{'type':'object','default':{},'properties':{
            'holdTime':{'type':'string','default':'90s'}}},
          'allocation':{'type':'object','properties':{
            'priority':{'type':'integer','default':0}}},
          'peers':{'type':'array','items':{'type':'object','properties':{
            'port':{'type':'integer','default':179}}}},
          'byName':{'type':'object','additionalProperties':{'type':'object','properties':{
            'enabled':{'type':'boolean','default':true}}}}}}}}
      """;

  static Stream<Arguments> objects() {
    return Stream.of(
        Arguments.of(
            "absent fields get their defaults; a parent defaulted to {} gets its children's",
            "{'spec':{}}",
            "{'spec':{'autoAssign':true,'avoidBuggyIPs':false,'timers':{'holdTime':'90s'}}}"),
        Arguments.of(
            "fields that are set keep their values",
            "{'spec':{'autoAssign':false,'avoidBuggyIPs':true,'timers':{'holdTime':'3s'}}}",
            "{'spec':{'autoAssign':false,'avoidBuggyIPs':true,'timers':{'holdTime':'3s'}}}"),
        Arguments.of(
            "an absent object without a default of its own stays absent",
            "{'spec':{'autoAssign':true}}",
            "{'spec':{'autoAssign':true,'avoidBuggyIPs':false,'timers':{'holdTime':'90s'}}}"),
        Arguments.of(
            "a present object gets its fields' defaults",
            "{'spec':{'allocation':{}}}",
            "{'spec':{'autoAssign':true,'avoidBuggyIPs':false,'timers':{'holdTime':'90s'},"
                + "'allocation':{'priority':0}}}"),
        Arguments.of(
            "every list item is defaulted",
            "{'spec':{'peers':[{},{'port':1790}]}}",
            "{'spec':{'autoAssign':true,'avoidBuggyIPs':false,'timers':{'holdTime':'90s'},"
                + "'peers':[{'port':179},{'port':1790}]}}"),
        Arguments.of(
            "every map value is defaulted",
            "{'spec':{'byName':{'a':{},'b':{'enabled':false}}}}",
            "{'spec':{'autoAssign':true,'avoidBuggyIPs':false,'timers':{'holdTime':'90s'},"
                + "'byName':{'a':{'enabled':true},'b':{'enabled':false}}}}"),
        Arguments.of(
            "metadata is never defaulted",
            "{'metadata':{},'spec':{'autoAssign':true,'avoidBuggyIPs':false,'timers':{}}}",
            "{'metadata':{},'spec':{'autoAssign':true,'avoidBuggyIPs':false,"
                + "'timers':{'holdTime':'90s'}}}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objects")
  void fillsInSchemaDefaultsAsTheApiServerDoes(String description, String object, String want)
      throws Exception {
    ObjectNode resource = (ObjectNode) json(object);

    SchemaDefaults.apply(json(SCHEMA), resource);

    assertThat(resource).isEqualTo(json(want));
  }

  private static JsonNode json(String singleQuoted) throws Exception {
    return JSON.readTree(singleQuoted.replace('\'', '"'));
  }
}
