# syntax=docker/dockerfile:1
# One image for the three services (one command each): `docker run IMAGE inference|calibrate-stream|monitor`.
# glibc base (ONNX Runtime's natives do not load on musl/Alpine), non-root, the default model baked in.

# --- build: the fuzzycal jar, the default model bundle, the feed files -------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests -pl cli -am package
# the bundle is composed offline from Maven packages; baked so that no container builds it at start
RUN java -jar cli/target/fuzzycal.jar model build --out /opt/fuzzycal/models/default-minilm-tfns \
 && java deploy/feed/FeedFile.java data/tfns/valid.csv /opt/fuzzycal/feed

# --- feed: the replayer of docker-compose.yml (kcat + the tweets' validation split) ---------------------
FROM eclipse-temurin:17-jre AS feed
RUN apt-get update \
 && apt-get install -y --no-install-recommends kcat \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/fuzzycal/feed /opt/fuzzycal/feed
COPY deploy/feed/replay.sh /usr/local/bin/fuzzycal-replay
USER 65534:65534
ENTRYPOINT ["/usr/local/bin/fuzzycal-replay"]

# --- runtime (the default target, last): the services -----------------------------------------------------------------------------
FROM eclipse-temurin:17-jre AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 fuzzycal \
 && useradd --system --uid 10001 --gid fuzzycal --home-dir /var/lib/fuzzycal --create-home fuzzycal
COPY --from=build /src/cli/target/fuzzycal.jar /opt/fuzzycal/fuzzycal.jar
COPY --from=build /opt/fuzzycal/models /opt/fuzzycal/models
# FUZZYCAL_* variables are settings (FUZZYCAL_BUNDLE = --bundle); mount another bundle over it to serve
# another model. State (Kafka Streams stores) lives under FUZZYCAL_HOME: a volume.
ENV FUZZYCAL_HOME=/var/lib/fuzzycal \
    FUZZYCAL_BUNDLE=/opt/fuzzycal/models/default-minilm-tfns \
    FUZZYCAL_STATE_DIR=/var/lib/fuzzycal/streams \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError -XX:+UseContainerSupport"
USER 10001:10001
WORKDIR /var/lib/fuzzycal
VOLUME /var/lib/fuzzycal
# metrics and health: inference 9464, calibrate-stream 9465, monitor 9466 (/metrics, /health/live, /health/ready)
EXPOSE 9464 9465 9466
ENTRYPOINT ["java", "-jar", "/opt/fuzzycal/fuzzycal.jar"]
CMD ["--help"]
