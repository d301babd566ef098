package io.hotellambda.batch.archive;

import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Hadoop's local file system, with permissions set through {@code java.nio} instead of a forked
 * {@code chmod}. Without Hadoop's native library (which no Maven artifact ships),
 * {@link RawLocalFileSystem} runs {@code chmod} as a child process for every file it creates and
 * every directory it makes: a fork of the whole JVM, which took a third of the archiver's time
 * (it creates a file per partition and hour, a manifest per range and a watermark a second).
 */
final class ForklessLocalFileSystem
        extends LocalFileSystem
{
    ForklessLocalFileSystem()
    {
        super(new Raw());
    }

    private static final class Raw
            extends RawLocalFileSystem
    {
        @Override
        public void setPermission(Path path, FsPermission permission)
                throws IOException
        {
            Files.setPosixFilePermissions(pathToFile(path).toPath(), posix(permission));
        }
    }

    static Set<PosixFilePermission> posix(FsPermission permission)
    {
        Set<PosixFilePermission> posix = EnumSet.noneOf(PosixFilePermission.class);
        add(posix, permission.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
        add(posix, permission.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE);
        add(posix, permission.getOtherAction(), PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
        return posix;
    }

    private static void add(Set<PosixFilePermission> posix, FsAction action, PosixFilePermission read, PosixFilePermission write, PosixFilePermission execute)
    {
        if (action.implies(FsAction.READ)) {
            posix.add(read);
        }
        if (action.implies(FsAction.WRITE)) {
            posix.add(write);
        }
        if (action.implies(FsAction.EXECUTE)) {
            posix.add(execute);
        }
    }
}
