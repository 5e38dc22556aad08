# The controller image. Build from the repository root after `./mvnw -DskipTests package`:
#   docker build -f images/controller.Dockerfile -t ghcr.io/ironlb/ironlb-controller:0.1.0 .
FROM eclipse-temurin:25-jre
COPY controller/target/ironlb-controller.jar /opt/ironlb/ironlb-controller.jar
USER 65532:65532
ENTRYPOINT ["java", "-jar", "/opt/ironlb/ironlb-controller.jar"]
