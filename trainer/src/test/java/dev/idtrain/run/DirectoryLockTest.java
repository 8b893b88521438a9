package dev.idtrain.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLockTest {
  @TempDir Path dir;

  @Test
  void aSecondHolderIsRefusedWithTheFirstNamedAndTheLockFileUntouched() throws Exception {
    Path run = dir.resolve("run");
    try (DirectoryLock first = DirectoryLock.acquire(run)) {
      String holder = Files.readString(run.resolve(DirectoryLock.FILE));
      assertThat(holder).contains("pid=" + ProcessHandle.current().pid()).contains("host=")
          .contains("started=");
      assertThatThrownBy(() -> DirectoryLock.acquire(run))
          .isInstanceOf(RunDirectoryException.class)
          .hasMessageStartingWith("run directory " + run + " is in use by pid "
              + ProcessHandle.current().pid() + " on host ")
          .hasMessageContaining(" since ");
      assertThat(Files.readString(run.resolve(DirectoryLock.FILE))).isEqualTo(holder);
    }
    DirectoryLock.acquire(run).close(); // released: free again
  }

  @Test
  void abandoningRemovesADirectoryTheLockCreatedButNotOneThatExisted() throws Exception {
    Path fresh = dir.resolve("fresh");
    DirectoryLock.acquire(fresh).abandon();
    assertThat(fresh).doesNotExist();

    Path existing = Files.createDirectories(dir.resolve("existing"));
    DirectoryLock.acquire(existing).abandon();
    assertThat(existing).isDirectory();
  }

  @Test
  void aDirectoryThatCannotBeCreatedIsRefusedAsNotWritable() throws Exception {
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    assertThatThrownBy(() -> DirectoryLock.acquire(file.resolve("run")))
        .isInstanceOf(RunDirectoryException.class)
        .hasMessageStartingWith("run directory " + file.resolve("run") + " is not writable (");
  }
}
