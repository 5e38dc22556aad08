# The speaker image. Build from the repository root after `./mvnw -DskipTests package`:
#   docker build -f images/speaker.Dockerfile -t ghcr.io/ironlb/ironlb-speaker:0.1.0 .
# libpcap for raw frames (pcap4j loads it through JNA). The JVM gets CAP_NET_RAW and
# CAP_NET_BIND_SERVICE (BGP on 179, BFD on 3784) as file capabilities so the container runs as a
# non-root user with only those two added (the DaemonSet drops every other capability); a non-root
# process gets no capability from the container's bounding set otherwise. iproute2's `ip` alone gets
# CAP_NET_ADMIN (the ipMode Proxy forwarder's VIP rules): it can use it only where the container
# adds NET_ADMIN (Helm: speaker.forwarder.enabled), elsewhere running it fails and the speaker
# reports that Proxy mode needs it; the JVM never holds NET_ADMIN. A binary with file capabilities runs in secure-execution mode, where the
# loader ignores the JVM's $ORIGIN library path: the JDK's lib folders go to ld.so.conf instead.
# (Images cannot be built on the project's development machines; see docs/install.md.)
FROM eclipse-temurin:25-jre
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libpcap0.8 iproute2 libcap2-bin \
 && setcap cap_net_raw,cap_net_bind_service=ep "$(readlink -f "$JAVA_HOME/bin/java")" \
 && setcap cap_net_admin=ep "$(readlink -f "$(command -v ip)")" \
 && printf '%s\n' "$JAVA_HOME/lib" "$JAVA_HOME/lib/server" > /etc/ld.so.conf.d/ironlb-java.conf && ldconfig \
 && apt-get purge -y libcap2-bin && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*
COPY speaker/target/ironlb-speaker.jar /opt/ironlb/ironlb-speaker.jar
USER 65532:65532
ENTRYPOINT ["java", "-jar", "/opt/ironlb/ironlb-speaker.jar"]
