package dev.idtrain.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The printed manifests, read back as Kubernetes objects by a Kubernetes model library. */
class KubernetesManifestsTest {

  @SuppressWarnings("unchecked")
  private static List<HasMetadata> parse(String yaml) {
    Object parsed = Serialization.unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    return (List<HasMetadata>) parsed;
  }

  private static <T> T only(List<HasMetadata> objects, Class<T> type) {
    List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(found).as(type.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  @Test
  void thePaperGridBecomesAnIndexedJobWithOneCompletionPerRun() {
    Sweep sweep = Sweep.load(Grids.PAPER, List.of("train.batchSize=512"), 2000L, null);
    List<HasMetadata> objects = parse(sweep.kubernetes(8));
    assertThat(objects).hasSize(3);

    Job job = only(objects, Job.class);
    assertThat(job.getMetadata().getName()).isEqualTo("idtrain-sweep-paper");
    assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(job.getSpec().getCompletions()).isEqualTo(180).isEqualTo(sweep.points().size());
    assertThat(job.getSpec().getParallelism()).isEqualTo(8);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    Container container = pod.getContainers().get(0);
    assertThat(container.getArgs()).containsExactly("sweep", "--grid", "/etc/idtrain/grid.yaml",
        "--index", "$(JOB_COMPLETION_INDEX)", "--out", "/var/lib/idtrain/sweeps/paper",
        "--set", "telemetry.bind=0.0.0.0", "--set", "telemetry.port=9404",
        "--set", "train.batchSize=512", "--steps", "2000");
    assertThat(container.getEnv()).anySatisfy(env -> assertThat(env.getName()).isEqualTo("JOB_COMPLETION_INDEX"));

    // What Prometheus's pod discovery (deploy/kubernetes/prometheus-scrape.yml) keeps.
    var template = job.getSpec().getTemplate().getMetadata();
    assertThat(template.getLabels()).containsEntry("app.kubernetes.io/name", "idtrain");
    assertThat(template.getAnnotations()).containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/port", "9404").containsEntry("prometheus.io/path", "/metrics");
    assertThat(container.getPorts()).anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(9404));

    // The grid from the ConfigMap, the runs on the shared claim.
    ConfigMap grid = only(objects, ConfigMap.class);
    PersistentVolumeClaim claim = only(objects, PersistentVolumeClaim.class);
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
    Volume gridVolume = volume(pod, mount(container, "/etc/idtrain").getName());
    assertThat(gridVolume.getConfigMap().getName()).isEqualTo(grid.getMetadata().getName());
    Volume runs = volume(pod, mount(container, "/var/lib/idtrain/sweeps").getName());
    assertThat(runs.getPersistentVolumeClaim().getClaimName()).isEqualTo(claim.getMetadata().getName());

    // A pod expands the ConfigMap's grid, with the Job's options, into the very same runs.
    GridFile inPod = GridFile.parse(grid.getData().get("grid.yaml"), "configmap");
    List<SweepPoint> podPoints = Expansion.expand(inPod, List.of(), List.of("telemetry.bind=0.0.0.0",
        "telemetry.port=9404", "train.batchSize=512"), 2000L);
    assertThat(podPoints).extracting(SweepPoint::runId)
        .containsExactlyElementsOf(sweep.points().stream().map(SweepPoint::runId).toList());
  }

  @Test
  void parallelismDefaultsToEveryRunAndNeverExceedsThem() {
    Sweep sweep = Sweep.load(Grids.PAPER, List.of(), null, null);
    assertThat(only(parse(sweep.kubernetes(null)), Job.class).getSpec().getParallelism()).isEqualTo(180);
    assertThat(only(parse(sweep.kubernetes(500)), Job.class).getSpec().getParallelism()).isEqualTo(180);
  }

  private static VolumeMount mount(Container container, String path) {
    return container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError("no mount at " + path));
  }

  private static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }
}
