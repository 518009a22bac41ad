import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build step of a function zip, run before ProGuard on the AWS SDK service modules (decision 0055): drops the
 * bridge methods javac writes into the model's builder interfaces ({@code CreateTableRequest.Builder} re-declares
 * {@code overrideConfiguration} with a covariant return type). ProGuard keeps every interface method that overrides
 * a library method, so these bridges alone kept the request model of every operation, used or not. The builder
 * classes carry the same bridges themselves, so dispatch is unchanged; the step checks that for each class that
 * implements a stripped interface and fails the build if one does not.
 *
 * <p>Plain class-file parsing, no dependencies: it runs with the JDK's source launcher on JDK 21 and newer.
 * Usage: {@code java StripInterfaceBridges.java <jar>...} (each jar is rewritten in place).
 */
public final class StripInterfaceBridges {
    private static final int ACC_INTERFACE = 0x0200;
    private static final int ACC_BRIDGE = 0x0040;
    private static final int ACC_ABSTRACT = 0x0400;

    public static void main(String[] args) throws IOException {
        for (String jar : args) {
            System.out.println(strip(Path.of(jar)));
        }
    }

    static String strip(Path jar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : zip.stream().toList()) {
                try (InputStream in = zip.getInputStream(e)) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
        }
        Map<String, ClassInfo> classes = new HashMap<>();
        entries.forEach((name, bytes) -> {
            if (name.endsWith(".class")) {
                classes.put(name, ClassInfo.parse(bytes));
            }
        });
        Map<String, Set<String>> strippedByInterface = new HashMap<>();
        int methods = 0;
        for (var e : classes.entrySet()) {
            ClassInfo c = e.getValue();
            if ((c.access & ACC_INTERFACE) == 0 || c.bridges().isEmpty()) {
                continue;
            }
            strippedByInterface.put(c.name, c.bridges());
            methods += c.bridges().size();
            entries.put(e.getKey(), c.withoutBridges());
        }
        Map<String, ClassInfo> byName = new HashMap<>();
        classes.values().forEach(c -> byName.put(c.name, c));
        for (ClassInfo c : classes.values()) {
            if ((c.access & (ACC_INTERFACE | ACC_ABSTRACT)) == 0) {   // calls dispatch on concrete classes
                checkDispatch(c, byName, strippedByInterface);
            }
        }
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
            for (var e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        return jar.getFileName() + ": " + methods + " bridge methods removed from " + strippedByInterface.size()
                + " interfaces";
    }

    /**
     * Each bridge removed from an interface the class implements (directly, through other interfaces or through its
     * superclasses) must be declared by the class or a superclass in the same jar, so a call through the library
     * interface still finds it.
     */
    static void checkDispatch(ClassInfo c, Map<String, ClassInfo> byName, Map<String, Set<String>> strippedByInterface) {
        Set<String> interfaces = new HashSet<>();
        Set<String> declared = new HashSet<>();
        for (ClassInfo k = c; k != null; k = byName.get(k.superName)) {
            declared.addAll(k.declared);
            k.interfaces.forEach(i -> addWithSuperInterfaces(i, byName, interfaces));
        }
        for (String i : interfaces) {
            for (String method : strippedByInterface.getOrDefault(i, Set.of())) {
                if (!declared.contains(method)) {
                    throw new IllegalStateException(c.name + " implements " + i + " but neither it nor a superclass "
                            + "in the jar declares the bridge " + method + " removed from that interface");
                }
            }
        }
    }

    private static void addWithSuperInterfaces(String name, Map<String, ClassInfo> byName, Set<String> out) {
        if (out.add(name) && byName.containsKey(name)) {
            byName.get(name).interfaces.forEach(i -> addWithSuperInterfaces(i, byName, out));
        }
    }

    /** The parts of a class file this step reads, and the byte ranges of its methods. */
    record ClassInfo(byte[] bytes, int access, String name, String superName, List<String> interfaces, Set<String> declared,
                     int methodsCountOffset, List<Method> methods, int methodsEnd) {

        record Method(int start, int end, int access, String signature) {}

        Set<String> bridges() {
            Set<String> out = new HashSet<>();
            methods.stream().filter(m -> (m.access & ACC_BRIDGE) != 0).forEach(m -> out.add(m.signature));
            return out;
        }

        byte[] withoutBridges() {
            try {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream(bytes.length);
                DataOutputStream out = new DataOutputStream(buffer);
                out.write(bytes, 0, methodsCountOffset);
                List<Method> kept = methods.stream().filter(m -> (m.access & ACC_BRIDGE) == 0).toList();
                out.writeShort(kept.size());
                for (Method m : kept) {
                    out.write(bytes, m.start, m.end - m.start);
                }
                out.write(bytes, methodsEnd, bytes.length - methodsEnd);
                return buffer.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static ClassInfo parse(byte[] bytes) {
            try {
                Reader in = new Reader(bytes);
                if (in.u4() != 0xCAFEBABE) {
                    throw new IllegalArgumentException("not a class file");
                }
                in.skip(4);   // minor, major version
                int count = in.u2();
                String[] utf8 = new String[count];
                int[] classNameIndex = new int[count];
                for (int i = 1; i < count; i++) {
                    int tag = in.u1();
                    switch (tag) {
                        case 1 -> utf8[i] = in.data.readUTF();
                        case 7 -> classNameIndex[i] = in.u2();
                        case 8, 16, 19, 20 -> in.skip(2);
                        case 15 -> in.skip(3);
                        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skip(4);
                        case 5, 6 -> {
                            in.skip(8);
                            i++;   // takes two constant pool slots
                        }
                        default -> throw new IllegalArgumentException("constant pool tag " + tag);
                    }
                }
                int access = in.u2();
                String name = utf8[classNameIndex[in.u2()]];
                int superIndex = in.u2();
                String superName = superIndex == 0 ? null : utf8[classNameIndex[superIndex]];
                List<String> interfaces = new ArrayList<>();
                for (int i = in.u2(); i > 0; i--) {
                    interfaces.add(utf8[classNameIndex[in.u2()]]);
                }
                for (int i = in.u2(); i > 0; i--) {   // fields
                    in.skip(6);
                    in.skipAttributes();
                }
                int methodsCountOffset = in.position();
                List<Method> methods = new ArrayList<>();
                Set<String> declared = new HashSet<>();
                for (int i = in.u2(); i > 0; i--) {
                    int start = in.position();
                    int methodAccess = in.u2();
                    String signature = utf8[in.u2()] + utf8[in.u2()];
                    in.skipAttributes();
                    methods.add(new Method(start, in.position(), methodAccess, signature));
                    declared.add(signature);
                }
                return new ClassInfo(bytes, access, name, superName, interfaces, declared, methodsCountOffset, methods,
                        in.position());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class Reader {
        final byte[] bytes;
        final DataInputStream data;
        final CountingStream counter;

        Reader(byte[] bytes) {
            this.bytes = bytes;
            this.counter = new CountingStream(bytes);
            this.data = new DataInputStream(counter);
        }

        int u1() throws IOException {
            return data.readUnsignedByte();
        }

        int u2() throws IOException {
            return data.readUnsignedShort();
        }

        int u4() throws IOException {
            return data.readInt();
        }

        void skip(int n) throws IOException {
            data.readNBytes(n);
        }

        void skipAttributes() throws IOException {
            for (int i = u2(); i > 0; i--) {
                skip(2);
                skip(u4());
            }
        }

        int position() {
            return counter.position;
        }
    }

    private static final class CountingStream extends InputStream {
        private final byte[] bytes;
        int position;

        CountingStream(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xFF : -1;
        }
    }
}
