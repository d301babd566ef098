package io.hotellambda.hdfs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

import java.io.File;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -cp ... io.hotellambda.hdfs.HdfsServer <directory> <name-node-port>}: a real HDFS
 * on 127.0.0.1 (one NameNode, one DataNode, Hadoop's MiniDFSCluster), its blocks and metadata
 * under {@code directory}, formatted on the first start and kept on the next (a restart finds its
 * files). Prints {@code hdfs://127.0.0.1:<port> ready} when it serves; stops on SIGTERM.
 */
public final class HdfsServer
{
    private HdfsServer() {}

    public static void main(String[] args)
            throws Exception
    {
        if (args.length != 2) {
            System.err.println("usage: HdfsServer <directory> <name-node-port>");
            System.exit(64);
        }
        File directory = new File(args[0]);
        int port = Integer.parseInt(args[1]);
        boolean formatted = new File(directory, "name1").isDirectory();
        Configuration conf = new Configuration();
        // loopback only: the web servers and the DataNode's ports too
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        conf.setBoolean("dfs.permissions.enabled", false);
        MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, directory)
                .nameNodePort(port)
                .numDataNodes(1)
                .format(!formatted)
                .manageNameDfsDirs(true)
                .manageDataDfsDirs(true)
                .build();
        cluster.waitActive();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cluster.shutdown();
            stopped.countDown();
        }, "hdfs-shutdown"));
        System.out.printf("hdfs://127.0.0.1:%d ready%n", cluster.getNameNodePort());
        System.out.flush();
        stopped.await();
    }
}
