package dev.idtrain.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** deploy/compose/compose.yaml, read for the consistency tests. */
record ComposeFile(Path file, JsonNode json) {

  static ComposeFile read() {
    Path file = DeployFiles.deployDir().resolve("compose/compose.yaml");
    return new ComposeFile(file, DeployFiles.readYaml(file));
  }

  JsonNode service(String name) {
    JsonNode service = json.path("services").path(name);
    if (service.isMissingNode()) {
      throw new AssertionError("compose.yaml has no service " + name);
    }
    return service;
  }

  List<String> serviceNames() {
    List<String> names = new ArrayList<>();
    json.path("services").fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** A service's bind mounts: host path (resolved, normalised) to container path. */
  Map<Path, String> bindMounts(String service) {
    Map<Path, String> mounts = new LinkedHashMap<>();
    for (JsonNode volume : service(service).path("volumes")) {
      String[] parts = volume.asText().split(":");
      if (parts[0].startsWith(".") || parts[0].startsWith("/")) {
        mounts.put(file.getParent().resolve(parts[0]).normalize(), parts[1]);
      }
    }
    return mounts;
  }

  /** Where a host path is mounted in a service's container. */
  String mountTarget(String service, Path hostPath) {
    String target = bindMounts(service).get(hostPath.toAbsolutePath().normalize());
    if (target == null) {
      throw new AssertionError(service + " does not mount " + hostPath);
    }
    return target;
  }

  /** The words of a service's command. */
  List<String> command(String service) {
    List<String> words = new ArrayList<>();
    service(service).path("command").forEach(w -> words.add(w.asText()));
    return words;
  }

  /** The value of a {@code --flag=value} in a service's command. */
  Optional<String> flag(String service, String flag) {
    return command(service).stream()
        .filter(w -> w.startsWith(flag + "="))
        .map(w -> w.substring(flag.length() + 1))
        .findFirst();
  }
}
