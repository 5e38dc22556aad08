package io.ironlb.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TablePrinterTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> rows() {
    String svc = "'kind':'Service','metadata':{'name':'s'},";
    return Stream.of(
        Arguments.of(
            "a LoadBalancer Service without ingress is pending",
            TablePrinter.SERVICE_COLUMNS,
            "{"
                + svc
                + "'spec':{'type':'LoadBalancer','clusterIP':'10.96.0.11',"
                + "'ports':[{'port':80,'nodePort':30080,'protocol':'TCP'}],'selector':{'app':'a'}}}",
            List.of(
                "s",
                "LoadBalancer",
                "10.96.0.11",
                "<pending>",
                "80:30080/TCP",
                "<unknown>",
                "app=a")),
        Arguments.of(
            "a dual-stack ingress lists both addresses",
            TablePrinter.SERVICE_COLUMNS,
            "{"
                + svc
                + "'spec':{'type':'LoadBalancer','clusterIP':'10.96.0.11',"
                + "'ports':[{'port':80,'protocol':'UDP'}]},'status':{'loadBalancer':{'ingress':"
                + "[{'ip':'192.0.2.240'},{'ip':'2001:db8:1b::'}]}}}",
            List.of(
                "s",
                "LoadBalancer",
                "10.96.0.11",
                "192.0.2.240,2001:db8:1b::",
                "80/UDP",
                "<unknown>",
                "<none>")),
        Arguments.of(
            "a ClusterIP Service has no external IP",
            TablePrinter.SERVICE_COLUMNS,
            "{" + svc + "'spec':{'clusterIP':'None'}}",
            List.of("s", "ClusterIP", "None", "<none>", "<none>", "<unknown>", "<none>")),
        Arguments.of(
            "an Event shows its type, reason, object and message",
            TablePrinter.EVENT_COLUMNS,
            "{'metadata':{'name':'e'},'type':'Normal','reason':'IPAllocated','message':'m',"
                + "'involvedObject':{'kind':'Service','name':'demo'}}",
            List.of("e", "<unknown>", "Normal", "IPAllocated", "service/demo", "m")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void printsTheCellsARealApiServerPrints(
      String description, List<TablePrinter.Column> columns, String object, List<String> cells)
      throws Exception {
    JsonNode table = JSON.readTree(TablePrinter.table(json(object), columns));

    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("columnDefinitions")).hasSize(columns.size() + 1);
    assertThat(JSON.convertValue(table.at("/rows/0/cells"), List.class)).isEqualTo(cells);
  }

  private static JsonNode json(String singleQuoted) throws Exception {
    return JSON.readTree(singleQuoted.replace('\'', '"'));
  }
}
