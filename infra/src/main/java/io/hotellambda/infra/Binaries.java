package io.hotellambda.infra;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Installs the server binaries that ship inside Maven artifacts (PostgreSQL from zonky's
 * binaries jar, redis-server from embedded-redis) into a cache directory, once per content hash.
 * Installs are atomic (extract beside, then rename), so concurrent launchers are safe.
 */
final class Binaries
{
    private Binaries() {}

    static void requireLinuxAmd64()
    {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IllegalStateException("the local stack ships PostgreSQL and Redis binaries for linux/amd64 only; this is %s/%s".formatted(os, arch));
        }
    }

    /** Extracts the tar.xz classpath resource; returns the directory it was extracted into. */
    static Path installTarXz(String resource, Path cacheDirectory, String name)
    {
        byte[] archive = readResource(resource);
        Path target = cacheDirectory.resolve(name + "-" + shortHash(archive));
        if (Files.isDirectory(target)) {
            return target;
        }
        try {
            Files.createDirectories(cacheDirectory);
            Path staging = Files.createTempDirectory(cacheDirectory, "." + name + "-");
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(new java.io.ByteArrayInputStream(archive))))) {
                for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                    Path path = staging.resolve(entry.getName()).normalize();
                    if (!path.startsWith(staging)) {
                        throw new IOException("archive entry escapes its directory: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(path);
                        continue;
                    }
                    Files.createDirectories(path.getParent());
                    if (entry.isSymbolicLink()) {
                        Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                        continue;
                    }
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0) {
                        makeExecutable(path);
                    }
                }
            }
            publish(staging, target);
            return target;
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot install %s from %s into %s".formatted(name, resource, cacheDirectory), e);
        }
    }

    /** Copies one executable classpath resource; returns its path. */
    static Path installExecutable(String resource, Path cacheDirectory, String name)
    {
        byte[] binary = readResource(resource);
        Path directory = cacheDirectory.resolve(name + "-" + shortHash(binary));
        Path target = directory.resolve(name);
        if (Files.isExecutable(target)) {
            return target;
        }
        try {
            Files.createDirectories(cacheDirectory);
            Path staging = Files.createTempDirectory(cacheDirectory, "." + name + "-");
            Path file = staging.resolve(name);
            Files.write(file, binary);
            makeExecutable(file);
            publish(staging, directory);
            return target;
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot install %s into %s".formatted(name, cacheDirectory), e);
        }
    }

    private static void publish(Path staging, Path target)
            throws IOException
    {
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException e) {
            if (!Files.isDirectory(target)) {
                throw e;
            }
            // another launcher installed the same content first
            deleteRecursively(staging);
        }
    }

    private static void makeExecutable(Path path)
            throws IOException
    {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
        permissions.add(PosixFilePermission.OWNER_EXECUTE);
        permissions.add(PosixFilePermission.GROUP_EXECUTE);
        permissions.add(PosixFilePermission.OTHERS_EXECUTE);
        permissions.add(PosixFilePermission.GROUP_READ);
        permissions.add(PosixFilePermission.OTHERS_READ);
        Files.setPosixFilePermissions(path, permissions);
    }

    static void deleteRecursively(Path path)
            throws IOException
    {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            for (Path each : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(each);
            }
        }
    }

    private static byte[] readResource(String resource)
    {
        try (InputStream in = Binaries.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource %s is not on the classpath".formatted(resource));
            }
            return in.readAllBytes();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shortHash(byte[] content)
    {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content), 0, 6);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
