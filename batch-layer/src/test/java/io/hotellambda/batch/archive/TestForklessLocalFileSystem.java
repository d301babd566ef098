package io.hotellambda.batch.archive;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** The archive's local file system sets the permissions Hadoop's would, without forking {@code chmod}. */
class TestForklessLocalFileSystem
{
    @TempDir
    java.nio.file.Path directory;

    @Test
    void filesAndDirectoriesGetHadoopsPermissionsUnderTheUmask()
            throws Exception
    {
        ArchiveLayout layout = ArchiveLayout.open(directory.toUri().toString(), new Configuration());
        FileSystem fileSystem = layout.fileSystem();
        assertThat(fileSystem).isInstanceOf(ForklessLocalFileSystem.class);

        Path file = new Path(layout.root(), "a/b/file.txt");
        try (FSDataOutputStream out = fileSystem.create(file, false)) {
            out.writeUTF("x");
        }
        // Hadoop's defaults (0666 for files, 0777 for directories) under its default umask 022
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("a/b/file.txt")))).isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("a/b")))).isEqualTo("rwxr-xr-x");

        fileSystem.setPermission(file, new FsPermission((short) 0640));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("a/b/file.txt")))).isEqualTo("rw-r-----");
        assertThat(fileSystem.getFileStatus(file).getPermission()).isEqualTo(new FsPermission((short) 0640));
    }
}
