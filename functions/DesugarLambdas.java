import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build step of a function zip, run on {@code lib/libraries.jar} after MergeJars (decision 0061): turns each lambda and
 * method reference that {@code LambdaMetafactory.metafactory} would spin at run time into a call of a class of the jar,
 * generated here: one per package and functional interface, its method switching on the call site's number.
 * The JVM spins one hidden class per call site on its first use, and the SDK's request models alone have about 30
 * each: 865 on place-order's first request. A class read from the jar loads in about half the time of a spun one.
 *
 * <p>Each call site's {@code invokedynamic} becomes an {@code invokestatic} of its factory in the generated class (same
 * length, same stack effect, so no offset or stack map frame moves). The generated class implements the functional
 * interface; for each site its method adapts the arguments as the metafactory would (casts, boxing, unboxing, widening) and
 * calls the implementation; a lambda that captures nothing is one instance, as the metafactory's is. A private
 * implementation (a {@code lambda$} body, {@code this::helper}) is called through a static bridge method added to
 * its class, so nothing is renamed or made less private.
 *
 * <p>Call sites left as they are: {@code altMetafactory} (serializable lambdas, marker interfaces, bridges), and
 * implementations the generated class could not reach ({@code super::}, protected members of other packages,
 * members of classes outside the jar that are not public in the JDK). Entries under {@code META-INF/versions/} are
 * left as they are.
 *
 * <p>Plain class-file reading and writing, no dependencies: it runs with the JDK's source launcher on JDK 21 and
 * newer. Usage: {@code java DesugarLambdas.java <jar>...} (each jar is rewritten in place, same bytes for the same
 * input).
 */
public final class DesugarLambdas {
    /** As MergeJars: 1980-02-01. */
    private static final long FIXED_TIME = 318_211_200_000L;
    private static final String METAFACTORY = "java/lang/invoke/LambdaMetafactory";
    private static final String FACTORY = "lambda$create";
    private static final int ACC_PUBLIC = 0x0001;
    private static final int ACC_PRIVATE = 0x0002;
    private static final int ACC_STATIC = 0x0008;
    private static final int ACC_FINAL = 0x0010;
    private static final int ACC_SUPER = 0x0020;
    private static final int ACC_INTERFACE = 0x0200;
    private static final int ACC_ABSTRACT = 0x0400;
    private static final int ACC_SYNTHETIC = 0x1000;

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: java DesugarLambdas.java <jar>...");
        }
        for (String jar : args) {
            System.out.println(desugar(Path.of(jar)));
        }
    }

    static String desugar(Path jar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : zip.stream().toList()) {
                try (InputStream in = zip.getInputStream(e)) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
        }
        Map<String, ClassFile> classes = new HashMap<>();
        Map<String, ClassFile> byEntry = new LinkedHashMap<>();
        entries.forEach((name, bytes) -> {
            if (isBaseClass(name)) {
                ClassFile c = ClassFile.parse(bytes);
                classes.put(c.name, c);
                byEntry.put(name, c);
            }
        });
        Jar context = new Jar(classes, entries.keySet());
        Map<String, Host> hosts = new LinkedHashMap<>();
        byEntry.forEach((name, c) -> {
            Host host = new Host(c, context);   // reads only: the jar's index stays the classes as they came
            host.prepare();
            hosts.put(name, host);
        });
        Map<String, byte[]> generated = context.generate(hosts.values());
        Map<String, byte[]> out = new LinkedHashMap<>();
        entries.forEach((name, bytes) -> out.put(name, hosts.containsKey(name) ? hosts.get(name).rewrite() : bytes));
        generated.forEach((name, bytes) -> out.put(name + ".class", bytes));
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
            for (var e : out.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTime(FIXED_TIME);
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        return "DesugarLambdas: " + jar.getFileName() + ": " + context.desugared + " call sites desugared into "
                + generated.size() + " classes, kept " + context.kept;
    }

    private static boolean isBaseClass(String entry) {
        return entry.endsWith(".class") && !entry.startsWith("META-INF/") && !entry.endsWith("module-info.class");
    }

    /** What the jar holds, for access checks, and the counts reported. */
    static final class Jar {
        final Map<String, ClassFile> classes;
        final Set<String> entries;
        int desugared;
        final Map<String, Integer> kept = new TreeMap<>();

        Jar(Map<String, ClassFile> classes, Set<String> entries) {
            this.classes = classes;
            this.entries = new HashSet<>(entries);
        }

        void keep(String reason) {
            kept.merge(reason, 1, Integer::sum);
        }

        /**
         * The generated classes: one per package and functional interface (at most {@value #SITES_PER_CLASS} call
         * sites each, its method switching on the site's number), so that a package's lambdas load as a few classes.
         * Each host learns the class and number of each of its sites.
         */
        Map<String, byte[]> generate(Iterable<Host> hosts) {
            Map<String, List<Placed>> groups = new LinkedHashMap<>();
            for (Host h : hosts) {
                for (Site s : h.calls.values()) {
                    String key = Types.packageOf(h.c.name) + " " + Types.returnType(s.indyDesc) + s.samName + s.samDesc;
                    groups.computeIfAbsent(key, k -> new ArrayList<>()).add(new Placed(h, s));
                }
            }
            Map<String, byte[]> out = new LinkedHashMap<>();
            Map<String, Integer> numbers = new HashMap<>();
            for (List<Placed> group : groups.values()) {
                String pkg = Types.packageOf(group.getFirst().host().c.name);
                for (int from = 0; from < group.size(); from += SITES_PER_CLASS) {
                    List<Placed> chunk = group.subList(from, Math.min(group.size(), from + SITES_PER_CLASS));
                    String genName;
                    do {
                        int n = numbers.merge(pkg, 1, Integer::sum) - 1;
                        genName = (pkg.isEmpty() ? "" : pkg + "/") + "$$Lambda$" + n;
                    } while (entries.contains(genName + ".class"));
                    try {
                        out.put(genName, Generated.generate(genName, chunk));
                    } catch (Keep k) {
                        throw new IllegalStateException(genName + ": " + k.getMessage() + " after the check passed", k);
                    }
                    for (int id = 0; id < chunk.size(); id++) {
                        Placed p = chunk.get(id);
                        p.host().assigned.put(p.site().indy, new Assigned(genName, id));
                        desugared++;
                    }
                }
            }
            return out;
        }
    }

    private static final int SITES_PER_CLASS = 200;

    /** A call site to desugar, in its host. */
    record Placed(Host host, Site site) {
    }

    /** The generated class of a call site, and the site's number in it. */
    record Assigned(String className, int id) {
    }

    /**
     * A call site the metafactory would link ({@code invokedynamic} constant {@code indy}), and the member it calls
     * ({@code member}: its constant; {@code kind}: the method handle kind).
     */
    record Site(int indy, String samName, String indyDesc, int indyDescIndex, String samDesc, String instDesc,
                int kind, int member, String owner, String name, String desc, boolean ownerIsInterface) {

        /** The same site calling a static method of its host instead (a bridge). */
        Site calling(String host, String bridge, String bridgeDesc, boolean hostIsInterface) {
            return new Site(indy, samName, indyDesc, indyDescIndex, samDesc, instDesc, 6, -1, host, bridge, bridgeDesc,
                    hostIsInterface);
        }
    }

    /** A static method added to a host that calls one of its private members for a generated class. */
    record Bridge(String name, String desc, Site target) {
    }

    /** Thrown for a call site that stays an {@code invokedynamic}; the message is the reason counted. */
    static final class Keep extends Exception {
        private static final long serialVersionUID = 1L;

        Keep(String reason) {
            super(reason, null, false, false);
        }
    }

    /** One class being rewritten: its call sites, which of them are desugared, and the bridges it gets. */
    static final class Host {
        final ClassFile c;
        final Jar jar;
        Map<Integer, Site> sites = Map.of();
        /** The call sites to desugar, by constant pool index, each as the generated class calls it. */
        final Map<Integer, Site> calls = new LinkedHashMap<>();
        final Map<Integer, Assigned> assigned = new HashMap<>();
        /** Bridges to private members, by the member's name and descriptor. */
        final Map<String, Bridge> bridges = new LinkedHashMap<>();
        /** The bridge {@link #implementation} made for the site {@link #prepare} is checking, if it made one. */
        private Bridge planned;

        Host(ClassFile c, Jar jar) {
            this.c = c;
            this.jar = jar;
        }

        /** Decides which call sites are desugared, and how the generated class calls each. */
        void prepare() {
            sites = sites();
            for (Site s : sites.values()) {
                try {
                    Site call = implementation(s);
                    Generated.callCase(new Writer("check", "check"), call);   // the adaptations it needs exist
                    calls.put(s.indy, call);
                    if (planned != null) {   // a bridge only for a site that is desugared
                        bridges.put(s.name + s.desc, planned);
                    }
                } catch (Keep k) {
                    jar.keep(k.getMessage());
                } finally {
                    planned = null;
                }
            }
        }

        /** The class with each desugared {@code invokedynamic} calling its generated factory instead. */
        byte[] rewrite() {
            if (assigned.isEmpty()) {
                return c.bytes;
            }
            Pool pool = new Pool(c.poolCount);
            Map<Integer, Integer> factoryRefs = new HashMap<>();
            assigned.forEach((indy, a) -> factoryRefs.put(indy, pool.ref(10, pool.classRef(a.className()),
                    pool.nameAndType(FACTORY + a.id(), sites.get(indy).indyDescIndex))));
            byte[] body = c.bytes.clone();
            for (ClassFile.MethodInfo m : c.methods) {
                for (int at : m.indyOffsets) {
                    Integer ref = factoryRefs.get(ClassFile.u2(body, at + 1));
                    if (ref != null) {
                        body[at] = (byte) 0xb8;   // invokestatic, then two nops where invokedynamic had 0, 0
                        body[at + 1] = (byte) (ref >> 8);
                        body[at + 2] = (byte) (int) ref;
                        body[at + 3] = 0;
                        body[at + 4] = 0;
                    }
                }
            }
            ByteArrayOutputStream methods = new ByteArrayOutputStream();
            bridges.values().forEach(bridge -> bridgeMethod(bridge, pool, methods));
            ClassFile.putU2(body, c.methodsCountOffset, c.methods.size() + bridges.size());
            if (pool.count() > 0xFFFF) {
                throw new IllegalStateException(c.name + ": constant pool would exceed 65535 entries");
            }
            ByteArrayOutputStream b = new ByteArrayOutputStream(body.length + pool.bytes.size() + methods.size());
            b.write(body, 0, 8);
            b.write(pool.count() >> 8);
            b.write(pool.count());
            b.write(body, 10, c.poolEnd - 10);
            b.writeBytes(pool.bytes.toByteArray());
            b.write(body, c.poolEnd, c.methodsEnd - c.poolEnd);
            b.writeBytes(methods.toByteArray());
            b.write(body, c.methodsEnd, body.length - c.methodsEnd);
            return b.toByteArray();
        }

        /** A bridge's method_info: its arguments as they come, one call of the private member, its result. */
        private void bridgeMethod(Bridge bridge, Pool pool, ByteArrayOutputStream out) {
            Site t = bridge.target();
            Code code = new Code(null);
            if (t.kind == 8) {
                code.op(0xbb).u2(c.a[t.member]).op(0x59);   // new; dup
            }
            int slot = 0;
            for (String type : Types.params(bridge.desc())) {
                code.load(type, slot);
                slot += Types.slots(type);
            }
            boolean isStatic = t.kind == 6;
            code.op(isStatic ? 0xb8 : 0xb7).u2(t.member);   // invokestatic, invokespecial: the constant the site had
            code.op(Types.returnOp(Types.returnType(bridge.desc())));
            byte[] bytes = code.bytes.toByteArray();
            int access = ACC_STATIC | ACC_SYNTHETIC | ((c.access & ACC_INTERFACE) != 0 ? ACC_PUBLIC : 0);
            Writer.put(out, access, pool.utf8(bridge.name()), pool.utf8(bridge.desc()), 1, pool.utf8("Code"));
            Writer.put32(out, 12 + bytes.length);
            Writer.put(out, 2 + slot + 2, slot);
            Writer.put32(out, bytes.length);
            out.writeBytes(bytes);
            Writer.put(out, 0, 0);
        }

        /** The metafactory call sites of this class, by constant pool index, in the order the code uses them. */
        Map<Integer, Site> sites() {
            Map<Integer, Site> out = new LinkedHashMap<>();
            for (ClassFile.MethodInfo m : c.methods) {
                for (int at : m.indyOffsets) {
                    int indy = ClassFile.u2(c.bytes, at + 1);
                    if (out.containsKey(indy)) {
                        continue;
                    }
                    ClassFile.Bootstrap bsm = c.bootstraps.get(c.a[indy]);
                    String factory = c.memberName(bsm.handle());
                    if (!factory.startsWith(METAFACTORY + ".")) {
                        continue;   // string concatenation, records, switches: not lambdas
                    }
                    if (!factory.equals(METAFACTORY + ".metafactory") || bsm.args().length != 3) {
                        jar.keep("altMetafactory");
                        continue;
                    }
                    int nat = c.b[indy];
                    int impl = bsm.args()[1];
                    int member = c.b[impl];
                    int memberNat = c.b[member];
                    out.put(indy, new Site(indy, c.utf8[c.a[nat]], c.utf8[c.b[nat]], c.b[nat],
                            c.utf8[c.a[bsm.args()[0]]], c.utf8[c.a[bsm.args()[2]]], c.a[impl], member,
                            c.className(c.a[member]), c.utf8[c.a[memberNat]], c.utf8[c.b[memberNat]],
                            c.tag[member] == 11));
                }
            }
            return out;
        }

        /**
         * How the generated class calls a site's implementation: directly, or through a bridge when it is a private
         * member of this class (a lambda body, {@code this::helper}); {@link Keep} when it could not reach it.
         */
        Site implementation(Site s) throws Keep {
            if (s.owner.equals(c.name)) {
                ClassFile.MethodInfo m = c.method(s.name, s.desc);
                if (m == null) {
                    throw new Keep("inherited member of its own class");
                }
                if ((m.access & ACC_PRIVATE) != 0) {
                    return bridge(s, m);
                }
                if (s.kind == 7) {
                    throw new Keep("invokespecial of a non-private method");
                }
                return s;
            }
            if (s.kind == 7) {
                throw new Keep("invokespecial of another class (super::)");
            }
            boolean samePackage = Types.packageOf(s.owner).equals(Types.packageOf(c.name));
            ClassFile owner = jar.classes.get(s.owner);
            if (owner != null) {
                ClassFile.MethodInfo m = owner.method(s.name, s.desc);
                if (m == null) {
                    throw new Keep("inherited member of another class");
                }
                boolean reachable = samePackage ? (m.access & ACC_PRIVATE) == 0
                        : (owner.access & ACC_PUBLIC) != 0 && (m.access & ACC_PUBLIC) != 0;
                if (!reachable || (s.kind == 8 && (owner.access & ACC_ABSTRACT) != 0)) {
                    throw new Keep("member not reachable from the generated class");
                }
                return s;
            }
            if (!Jdk.isPublic(s.owner, s.name, s.desc)) {
                throw new Keep("member outside the jar and not public in the JDK");
            }
            return s;
        }

        /**
         * A static method of this class that calls its private member {@code m} (package-private, or public in an
         * interface, whose methods are public or private): static, so nothing can override it, and it calls the
         * member as the class's own code would ({@code invokespecial} for an instance method or constructor).
         */
        private Site bridge(Site s, ClassFile.MethodInfo m) {
            boolean isInterface = (c.access & ACC_INTERFACE) != 0;
            String desc = s.kind == 8 ? s.desc.substring(0, s.desc.indexOf(')') + 1) + "L" + c.name + ";"
                    : (m.access & ACC_STATIC) != 0 ? s.desc : "(L" + c.name + ";" + s.desc.substring(1);
            Bridge bridge = bridges.get(s.name + s.desc);
            if (bridge == null) {
                String base = "lambda$bridge$" + (s.kind == 8 ? "new" : s.name);
                String name = base;
                for (int i = 1; c.method(name, desc) != null || hasBridge(name, desc); i++) {
                    name = base + "$" + i;
                }
                bridge = new Bridge(name, desc, s);
                planned = bridge;
            }
            return s.calling(c.name, bridge.name(), bridge.desc(), isInterface);
        }

        private boolean hasBridge(String name, String desc) {
            return bridges.values().stream().anyMatch(b -> b.name().equals(name) && b.desc().equals(desc));
        }
    }

    /** The class generated for a group of call sites of one package and functional interface. */
    static final class Generated {
        private Generated() {
        }

        /** How a group's captured values are held: fields by kind, each site using the first ones of each kind. */
        static final class Captures {
            static final List<String> KINDS = List.of("Ljava/lang/Object;", "I", "J", "F", "D");
            final int[] count = new int[KINDS.size()];

            static String field(int kind, int index) {
                return "acjfd".charAt(kind) + String.valueOf(index);
            }

            /** The field of each captured value of one site. */
            static List<String> fields(List<String> captured) {
                int[] next = new int[KINDS.size()];
                List<String> out = new ArrayList<>();
                for (String t : captured) {
                    int k = Types.kind(t);
                    out.add(field(k, next[k]++));
                }
                return out;
            }

            void add(List<String> captured) {
                int[] here = new int[KINDS.size()];
                captured.forEach(t -> here[Types.kind(t)]++);
                for (int k = 0; k < count.length; k++) {
                    count[k] = Math.max(count[k], here[k]);
                }
            }

            /** {@code (I...)V}: the call site's number, then every field. */
            String constructorDesc() {
                StringBuilder b = new StringBuilder("(I");
                for (int k = 0; k < count.length; k++) {
                    b.append(KINDS.get(k).repeat(count[k]));
                }
                return b.append(")V").toString();
            }
        }

        /** The class of one group of call sites of the same functional interface. */
        static byte[] generate(String genName, List<Placed> placed) throws Keep {
            List<Site> group = placed.stream().map(Placed::site).toList();
            Site first = group.getFirst();
            Writer w = new Writer(genName, Types.internal(Types.returnType(first.indyDesc)));
            Captures captures = new Captures();
            group.forEach(s -> captures.add(Types.params(s.indyDesc)));
            w.field(ACC_PRIVATE | ACC_FINAL, "id", "I");
            for (int k = 0; k < captures.count.length; k++) {
                for (int i = 0; i < captures.count[k]; i++) {
                    w.field(ACC_PRIVATE | ACC_FINAL, Captures.field(k, i), Captures.KINDS.get(k));
                }
            }
            constructor(w, captures);
            Code clinit = new Code(w);
            for (int id = 0; id < group.size(); id++) {
                factory(w, group.get(id), id, captures, clinit);
            }
            if (clinit.bytes.size() > 0) {
                clinit.op(0xb1);
                w.method(ACC_STATIC, "<clinit>", "()V", clinit, 0, List.of());
            }
            samMethod(w, placed);
            return w.toBytes();
        }

        private static void constructor(Writer w, Captures captures) {
            Code code = new Code(w);
            code.op(0x2a).op(0xb7).u2(w.methodRef("java/lang/Object", "<init>", "()V", false));   // aload_0; invokespecial
            code.op(0x2a).op(0x1b).op(0xb5).u2(w.fieldRef(w.name, "id", "I"));   // aload_0; iload_1; putfield
            int slot = 2;
            for (int k = 0; k < captures.count.length; k++) {
                String type = Captures.KINDS.get(k);
                for (int i = 0; i < captures.count[k]; i++) {
                    code.op(0x2a).load(type, slot).op(0xb5).u2(w.fieldRef(w.name, Captures.field(k, i), type));
                    slot += Types.slots(type);
                }
            }
            code.op(0xb1);
            w.method(ACC_PRIVATE, "<init>", captures.constructorDesc(), code, slot, List.of());
        }

        /**
         * {@code lambda$create<id>(captured)}, what the call site now calls: a new instance, or the site's one
         * instance (made in {@code <clinit>}) when it captures nothing.
         */
        private static void factory(Writer w, Site s, int id, Captures captures, Code clinit) {
            List<String> captured = Types.params(s.indyDesc);
            Code code = captured.isEmpty() ? clinit : new Code(w);
            code.op(0xbb).u2(w.classRef(w.name)).op(0x59).push(id);
            List<String> fields = Captures.fields(captured);
            for (int k = 0; k < captures.count.length; k++) {
                for (int i = 0; i < captures.count[k]; i++) {
                    int j = fields.indexOf(Captures.field(k, i));
                    if (j < 0) {
                        code.zero(k);
                    } else {
                        code.load(captured.get(j), Types.slots("(" + String.join("", captured.subList(0, j)) + ")V"));
                    }
                }
            }
            code.op(0xb7).u2(w.methodRef(w.name, "<init>", captures.constructorDesc(), false));
            String self = "L" + w.name + ";";
            if (captured.isEmpty()) {
                w.field(ACC_PRIVATE | ACC_STATIC | ACC_FINAL, "s" + id, self);
                code.op(0xb3).u2(w.fieldRef(w.name, "s" + id, self));
                Code get = new Code(w);
                get.op(0xb2).u2(w.fieldRef(w.name, "s" + id, self)).op(0xb0);
                w.method(ACC_STATIC, FACTORY + id, s.indyDesc, get, 0, List.of());
            } else {
                code.op(0xb0);
                w.method(ACC_STATIC, FACTORY + id, s.indyDesc, code, Types.slots(s.indyDesc), List.of());
            }
        }

        /** The interface method: a switch on the call site's number, then that site's adapted call. */
        private static void samMethod(Writer w, List<Placed> group) throws Keep {
            Site first = group.getFirst().site();
            Code code = new Code(w);
            List<Integer> cases = new ArrayList<>();
            if (group.size() > 1) {
                code.op(0x2a).op(0xb4).u2(w.fieldRef(w.name, "id", "I")).op(0xaa);   // aload_0; getfield; tableswitch
                int switchAt = 4;
                while (code.bytes.size() % 4 != 0) {
                    code.u1(0);
                }
                int table = code.bytes.size();
                code.u4(0).u4(0).u4(group.size() - 1);
                for (int i = 0; i < group.size(); i++) {
                    code.u4(0);
                }
                for (int i = 0; i < group.size(); i++) {
                    cases.add(code.bytes.size());
                    code.append(callCase(w, group.get(i).site()));
                }
                byte[] b = code.bytes.toByteArray();
                Code.putU4(b, table, cases.getFirst() - switchAt);   // default: never taken, the ids are 0..n-1
                for (int i = 0; i < cases.size(); i++) {
                    Code.putU4(b, table + 12 + 4 * i, cases.get(i) - switchAt);
                }
                code.bytes.reset();
                code.bytes.writeBytes(b);
            } else {
                code.append(callCase(w, first));
            }
            w.method(ACC_PUBLIC, first.samName, first.samDesc, code, 1 + Types.slots(first.samDesc), cases);
        }

        /** One site's call: captured values, then the interface method's arguments, adapted to the implementation. */
        static byte[] callCase(Writer w, Site s) throws Keep {
            List<String> captured = Types.params(s.indyDesc);
            List<String> erased = Types.params(s.samDesc);
            List<String> instantiated = Types.params(s.instDesc);
            List<String> implParams = new ArrayList<>(Types.params(s.desc));
            if (s.kind == 5 || s.kind == 9) {
                implParams.addFirst("L" + s.owner + ";");
            }
            if (erased.size() != instantiated.size() || captured.size() + erased.size() != implParams.size()) {
                throw new Keep("arity adaptation (varargs)");
            }
            Code code = new Code(w);
            if (s.kind == 8) {
                code.op(0xbb).u2(w.classRef(s.owner)).op(0x59);
            }
            List<String> fields = Captures.fields(captured);
            for (int i = 0; i < captured.size(); i++) {
                String fieldType = Captures.KINDS.get(Types.kind(captured.get(i)));
                code.op(0x2a).op(0xb4).u2(w.fieldRef(w.name, fields.get(i), fieldType));
                code.convert(fieldType.equals("I") ? captured.get(i) : fieldType, captured.get(i));
                code.convert(captured.get(i), implParams.get(i));
            }
            int slot = 1;
            for (int i = 0; i < erased.size(); i++) {
                code.load(erased.get(i), slot);
                slot += Types.slots(erased.get(i));
                code.convert(erased.get(i), instantiated.get(i));
                code.convert(instantiated.get(i), implParams.get(captured.size() + i));
            }
            switch (s.kind) {
                case 6 -> code.op(0xb8).u2(w.methodRef(s.owner, s.name, s.desc, s.ownerIsInterface));
                case 5 -> code.op(0xb6).u2(w.methodRef(s.owner, s.name, s.desc, false));
                case 9 -> code.op(0xb9).u2(w.methodRef(s.owner, s.name, s.desc, true)).u1(1 + Types.slots(s.desc)).u1(0);
                case 8 -> code.op(0xb7).u2(w.methodRef(s.owner, "<init>", s.desc, false));
                default -> throw new Keep("method handle kind " + s.kind);
            }
            String result = s.kind == 8 ? "L" + s.owner + ";" : Types.returnType(s.desc);
            String samReturn = Types.returnType(s.samDesc);
            if (samReturn.equals("V")) {
                if (!result.equals("V")) {
                    code.op(Types.slots(result) == 2 ? 0x58 : 0x57);   // pop2, pop
                }
                code.op(0xb1);
            } else {
                if (result.equals("V")) {
                    throw new Keep("void implementation for a value");
                }
                code.convert(result, Types.returnType(s.instDesc));
                code.convert(Types.returnType(s.instDesc), samReturn);
                code.op(Types.returnOp(samReturn));
            }
            return code.bytes.toByteArray();
        }
    }

    /** Whether a JDK member is public in a public class of an exported package (checked on the build's JDK). */
    static final class Jdk {
        private static final Map<String, Boolean> CACHE = new HashMap<>();

        static boolean isPublic(String owner, String name, String desc) {
            return CACHE.computeIfAbsent(owner + "." + name + desc, k -> check(owner, name, desc));
        }

        private static boolean check(String owner, String name, String desc) {
            try {
                Class<?> c = Class.forName(owner.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
                if (!Modifier.isPublic(c.getModifiers()) || !c.getModule().isExported(c.getPackageName())) {
                    return false;
                }
                List<Executable> candidates = new ArrayList<>();
                if (name.equals("<init>")) {
                    for (Constructor<?> k : c.getConstructors()) {
                        candidates.add(k);
                    }
                } else {
                    for (Method m : c.getMethods()) {
                        candidates.add(m);
                    }
                }
                for (Executable e : candidates) {
                    if ((e instanceof Constructor || e.getName().equals(name)) && Types.descriptor(e).equals(desc)) {
                        return Modifier.isPublic(e.getModifiers())
                                && (name.equals("<init>") || Modifier.isPublic(e.getDeclaringClass().getModifiers()));
                    }
                }
                return false;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
    }

    /** Field and method descriptors. */
    static final class Types {
        static List<String> params(String desc) {
            List<String> out = new ArrayList<>();
            int i = 1;
            while (desc.charAt(i) != ')') {
                int start = i;
                while (desc.charAt(i) == '[') {
                    i++;
                }
                if (desc.charAt(i) == 'L') {
                    i = desc.indexOf(';', i);
                }
                i++;
                out.add(desc.substring(start, i));
            }
            return out;
        }

        static String returnType(String desc) {
            return desc.substring(desc.indexOf(')') + 1);
        }

        static int slots(String type) {
            if (type.startsWith("(")) {
                return params(type).stream().mapToInt(Types::slots).sum();
            }
            return type.equals("J") || type.equals("D") ? 2 : type.equals("V") ? 0 : 1;
        }

        static boolean isReference(String type) {
            return type.startsWith("L") || type.startsWith("[");
        }

        /** The name a class reference takes: an internal name, or an array's descriptor. */
        static String internal(String type) {
            return type.startsWith("L") ? type.substring(1, type.length() - 1) : type;
        }

        static String packageOf(String internalName) {
            int slash = internalName.lastIndexOf('/');
            return slash < 0 ? "" : internalName.substring(0, slash);
        }

        /** How the JVM holds a value: 0 reference, 1 int (and boolean, byte, char, short), 2 long, 3 float, 4 double. */
        static int kind(String type) {
            return switch (type) {
                case "J" -> 2;
                case "F" -> 3;
                case "D" -> 4;
                case "Z", "B", "C", "S", "I" -> 1;
                default -> 0;
            };
        }

        /** areturn, ireturn, lreturn, freturn, dreturn; return for void. */
        static int returnOp(String type) {
            return type.equals("V") ? 0xb1 : new int[] {0xb0, 0xac, 0xad, 0xae, 0xaf}[kind(type)];
        }

        /** aload, iload, lload, fload, dload. */
        static int loadOp(String type) {
            return new int[] {0x19, 0x15, 0x16, 0x17, 0x18}[kind(type)];
        }

        static final Map<String, String> WRAPPERS = Map.of("Z", "java/lang/Boolean", "B", "java/lang/Byte",
                "C", "java/lang/Character", "S", "java/lang/Short", "I", "java/lang/Integer", "J", "java/lang/Long",
                "F", "java/lang/Float", "D", "java/lang/Double");

        static String primitiveOf(String type) {
            for (var e : WRAPPERS.entrySet()) {
                if (type.equals("L" + e.getValue() + ";")) {
                    return e.getKey();
                }
            }
            return null;
        }

        static String descriptor(Executable e) {
            StringBuilder b = new StringBuilder("(");
            for (Class<?> p : e.getParameterTypes()) {
                b.append(p.descriptorString());
            }
            b.append(')').append(e instanceof Method m ? m.getReturnType().descriptorString() : "V");
            return b.toString();
        }
    }

    /** The code of one generated method. */
    static final class Code {
        final Writer w;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Code(Writer w) {
            this.w = w;
        }

        Code op(int op) {
            bytes.write(op);
            return this;
        }

        Code u1(int v) {
            bytes.write(v);
            return this;
        }

        Code u2(int v) {
            bytes.write(v >> 8);
            bytes.write(v);
            return this;
        }

        Code u4(int v) {
            return u2(v >>> 16).u2(v & 0xFFFF);
        }

        static void putU4(byte[] b, int at, int v) {
            b[at] = (byte) (v >>> 24);
            b[at + 1] = (byte) (v >>> 16);
            b[at + 2] = (byte) (v >>> 8);
            b[at + 3] = (byte) v;
        }

        Code append(byte[] code) {
            bytes.writeBytes(code);
            return this;
        }

        Code push(int v) {
            if (v <= 5) {
                return op(0x03 + v);   // iconst_<v>
            }
            return v <= 127 ? op(0x10).u1(v) : op(0x11).u2(v);   // bipush, sipush
        }

        /** The default value of a capture field kind (see {@link Generated.Captures#KINDS}). */
        Code zero(int kind) {
            return op(new int[] {0x01, 0x03, 0x09, 0x0b, 0x0e}[kind]);
        }

        Code load(String type, int slot) {
            if (slot > 255) {
                return op(0xc4).op(Types.loadOp(type)).u2(slot);   // wide
            }
            return op(Types.loadOp(type)).u1(slot);
        }

        /** The metafactory's adaptations from one type to another: cast, box, unbox, widen. */
        void convert(String from, String to) throws Keep {
            if (from.equals(to)) {
                return;
            }
            boolean fromRef = Types.isReference(from);
            boolean toRef = Types.isReference(to);
            if (fromRef && toRef) {
                if (!to.equals("Ljava/lang/Object;")) {
                    op(0xc0).u2(w.classRef(Types.internal(to)));   // checkcast
                }
            } else if (!fromRef && !toRef) {
                widen(from, to);
            } else if (!fromRef) {
                String wrapper = Types.WRAPPERS.get(from);
                op(0xb8).u2(w.methodRef(wrapper, "valueOf", "(" + from + ")L" + wrapper + ";", false));
                if (!to.equals("L" + wrapper + ";") && !to.equals("Ljava/lang/Object;")) {
                    op(0xc0).u2(w.classRef(Types.internal(to)));
                }
            } else {
                String primitive = Types.primitiveOf(from);
                if (primitive == null) {   // Object, Number, ...: cast to the target's wrapper
                    primitive = to;
                    op(0xc0).u2(w.classRef(Types.WRAPPERS.get(to)));
                }
                String wrapper = Types.WRAPPERS.get(primitive);
                String unbox = switch (primitive) {
                    case "Z" -> "booleanValue";
                    case "B" -> "byteValue";
                    case "C" -> "charValue";
                    case "S" -> "shortValue";
                    case "I" -> "intValue";
                    case "J" -> "longValue";
                    case "F" -> "floatValue";
                    default -> "doubleValue";
                };
                op(0xb6).u2(w.methodRef(wrapper, unbox, "()" + primitive, false));
                widen(primitive, to);
            }
        }

        private void widen(String from, String to) throws Keep {
            if (from.equals(to)) {
                return;
            }
            String f = from.equals("B") || from.equals("S") || from.equals("C") ? "I" : from;
            boolean toInt = to.equals("I") || (to.equals("S") && from.equals("B"));
            if (f.equals("I") && toInt) {
                return;
            }
            int op = switch (f + to) {
                case "IJ" -> 0x85;
                case "IF" -> 0x86;
                case "ID" -> 0x87;
                case "JF" -> 0x89;
                case "JD" -> 0x8a;
                case "FD" -> 0x8d;
                default -> -1;
            };
            if (op < 0) {
                throw new Keep("no widening from " + from + " to " + to);
            }
            op(op);
        }
    }

    /** Writes one generated class (version 52, like the SDK's, so no stack map frames: the code has no branch). */
    static final class Writer {
        final String name;
        final String iface;
        private final Pool pool = new Pool(1);
        private final ByteArrayOutputStream fields = new ByteArrayOutputStream();
        private final ByteArrayOutputStream methods = new ByteArrayOutputStream();
        private int fieldCount;
        private int methodCount;

        Writer(String name, String iface) {
            this.name = name;
            this.iface = iface;
        }

        int utf8(String s) {
            return pool.utf8(s);
        }

        int classRef(String internalName) {
            return pool.classRef(internalName);
        }

        int fieldRef(String owner, String n, String d) {
            return pool.ref(9, classRef(owner), pool.nameAndType(n, utf8(d)));
        }

        int methodRef(String owner, String n, String d, boolean isInterface) {
            return pool.ref(isInterface ? 11 : 10, classRef(owner), pool.nameAndType(n, utf8(d)));
        }

        void field(int access, String n, String d) {
            put(fields, access, utf8(n), utf8(d), 0);
            fieldCount++;
        }

        /**
         * A method; {@code targets} are the switch's case offsets, each with the frame the method starts with (the
         * same locals, an empty stack): {@code same_frame} entries of a StackMapTable.
         */
        void method(int access, String n, String d, Code code, int locals, List<Integer> targets) {
            int codeName = utf8("Code");
            put(methods, access, utf8(n), utf8(d), 1);
            byte[] c = code.bytes.toByteArray();
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            int previous = -1;
            for (int target : targets) {
                int delta = target - previous - 1;
                if (delta <= 63) {
                    frames.write(delta);
                } else {
                    frames.write(251);   // same_frame_extended
                    put(frames, delta);
                }
                previous = target;
            }
            // every value the code pushes is an argument of the one call, or its result: two slots each at most
            int maxStack = 4 + 2 * (Types.params(d).size() + fieldCount);
            put(methods, codeName);
            int attributes = targets.isEmpty() ? 0 : 8 + frames.size();
            put32(methods, 12 + c.length + attributes);
            put(methods, maxStack, locals);
            put32(methods, c.length);
            methods.writeBytes(c);
            put(methods, 0);   // no exception table
            if (targets.isEmpty()) {
                put(methods, 0);
            } else {
                put(methods, 1, utf8("StackMapTable"));
                put32(methods, 2 + frames.size());
                put(methods, targets.size());
                methods.writeBytes(frames.toByteArray());
            }
            methodCount++;
        }

        private static void put(ByteArrayOutputStream out, int... u2s) {
            for (int v : u2s) {
                out.write(v >> 8);
                out.write(v);
            }
        }

        private static void put32(ByteArrayOutputStream out, int v) {
            put(out, v >>> 16, v & 0xFFFF);
        }

        byte[] toBytes() {
            int self = classRef(name);
            int object = classRef("java/lang/Object");
            int implemented = classRef(iface);
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            put(b, 0xCAFE, 0xBABE, 0, 52, pool.count());
            b.writeBytes(pool.bytes.toByteArray());
            put(b, ACC_FINAL | ACC_SUPER | ACC_SYNTHETIC, self, object, 1, implemented, fieldCount);
            b.writeBytes(fields.toByteArray());
            put(b, methodCount);
            b.writeBytes(methods.toByteArray());
            put(b, 0);   // no class attributes
            return b.toByteArray();
        }
    }

    /** Constants of a generated class's pool, or appended to a rewritten class's pool. */
    static final class Pool {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Map<String, Integer> added = new HashMap<>();
        private int next;

        Pool(int count) {
            this.next = count;
        }

        int count() {
            return next;
        }

        int utf8(String s) {
            return add("1" + s, () -> {
                byte[] b = modifiedUtf8(s);
                bytes.write(1);
                bytes.write(b.length >> 8);
                bytes.write(b.length);
                bytes.writeBytes(b);
            });
        }

        int classRef(String internalName) {
            int n = utf8(internalName);
            return add("7" + internalName, () -> write(7, n));
        }

        int nameAndType(String name, int descIndex) {
            int n = utf8(name);
            return add("12" + name + " " + descIndex, () -> write(12, n, descIndex));
        }

        /** A field (9), method (10) or interface method (11) reference. */
        int ref(int tag, int cls, int nat) {
            return add(tag + " " + cls + " " + nat, () -> write(tag, cls, nat));
        }

        private void write(int tag, int... u2s) {
            bytes.write(tag);
            for (int v : u2s) {
                bytes.write(v >> 8);
                bytes.write(v);
            }
        }

        private int add(String key, Runnable write) {
            Integer index = added.get(key);
            if (index == null) {
                write.run();
                index = next++;
                added.put(key, index);
            }
            return index;
        }

        static byte[] modifiedUtf8(String s) {
            try {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                new DataOutputStream(b).writeUTF(s);
                byte[] withLength = b.toByteArray();
                byte[] out = new byte[withLength.length - 2];
                System.arraycopy(withLength, 2, out, 0, out.length);
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The parts of a class file this step reads: constant pool, methods and their invokedynamic offsets, bootstraps. */
    static final class ClassFile {
        final byte[] bytes;
        int poolCount;
        int poolEnd;
        int[] tag;
        int[] a;
        int[] b;
        String[] utf8;
        int access;
        String name;
        final List<MethodInfo> methods = new ArrayList<>();
        final List<Bootstrap> bootstraps = new ArrayList<>();
        int methodsCountOffset;
        int methodsEnd;

        record Bootstrap(int handle, int[] args) {
        }

        static final class MethodInfo {
            final int offset;
            final int access;
            final String name;
            final String desc;
            final List<Integer> indyOffsets = new ArrayList<>();

            MethodInfo(int offset, int access, String name, String desc) {
                this.offset = offset;
                this.access = access;
                this.name = name;
                this.desc = desc;
            }
        }

        private ClassFile(byte[] bytes) {
            this.bytes = bytes;
        }

        static int u2(byte[] b, int at) {
            return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
        }

        static int u4(byte[] b, int at) {
            return (u2(b, at) << 16) | u2(b, at + 2);
        }

        static void putU2(byte[] b, int at, int v) {
            b[at] = (byte) (v >> 8);
            b[at + 1] = (byte) v;
        }

        MethodInfo method(String n, String d) {
            for (MethodInfo m : methods) {
                if (m.name.equals(n) && m.desc.equals(d)) {
                    return m;
                }
            }
            return null;
        }

        String className(int classIndex) {
            return utf8[a[classIndex]];
        }

        /** {@code owner.name} of a method handle constant's member. */
        String memberName(int handle) {
            int member = b[handle];
            return className(a[member]) + "." + utf8[a[b[member]]];
        }

        static ClassFile parse(byte[] bytes) {
            ClassFile c = new ClassFile(bytes);
            if (u4(bytes, 0) != 0xCAFEBABE) {
                throw new IllegalArgumentException("not a class file");
            }
            int count = u2(bytes, 8);
            c.poolCount = count;
            c.tag = new int[count];
            c.a = new int[count];
            c.b = new int[count];
            c.utf8 = new String[count];
            int at = 10;
            for (int i = 1; i < count; i++) {
                int t = bytes[at] & 0xFF;
                c.tag[i] = t;
                switch (t) {
                    case 1 -> {
                        int length = u2(bytes, at + 1);
                        c.utf8[i] = utf8(bytes, at + 3, length);
                        at += 3 + length;
                    }
                    case 7, 8, 16, 19, 20 -> {
                        c.a[i] = u2(bytes, at + 1);
                        at += 3;
                    }
                    case 15 -> {
                        c.a[i] = bytes[at + 1] & 0xFF;
                        c.b[i] = u2(bytes, at + 2);
                        at += 4;
                    }
                    case 9, 10, 11, 12, 17, 18 -> {
                        c.a[i] = u2(bytes, at + 1);
                        c.b[i] = u2(bytes, at + 3);
                        at += 5;
                    }
                    case 3, 4 -> at += 5;
                    case 5, 6 -> {
                        at += 9;
                        i++;   // takes two constant pool slots
                    }
                    default -> throw new IllegalArgumentException("constant pool tag " + t);
                }
            }
            c.poolEnd = at;
            c.access = u2(bytes, at);
            c.name = c.className(u2(bytes, at + 2));
            at += 6;
            at += 2 + 2 * u2(bytes, at);   // interfaces
            int fieldCount = u2(bytes, at);
            at += 2;
            for (int i = 0; i < fieldCount; i++) {
                at = skipAttributes(bytes, at + 6);
            }
            c.methodsCountOffset = at;
            int methodCount = u2(bytes, at);
            at += 2;
            for (int i = 0; i < methodCount; i++) {
                MethodInfo m = new MethodInfo(at, u2(bytes, at), c.utf8[u2(bytes, at + 2)], c.utf8[u2(bytes, at + 4)]);
                c.methods.add(m);
                int attributes = u2(bytes, at + 6);
                at += 8;
                for (int k = 0; k < attributes; k++) {
                    int length = u4(bytes, at + 2);
                    if ("Code".equals(c.utf8[u2(bytes, at)])) {
                        c.scan(m, at + 14, u4(bytes, at + 10));
                    }
                    at += 6 + length;
                }
            }
            c.methodsEnd = at;
            int attributes = u2(bytes, at);
            at += 2;
            for (int k = 0; k < attributes; k++) {
                int length = u4(bytes, at + 2);
                if ("BootstrapMethods".equals(c.utf8[u2(bytes, at)])) {
                    int p = at + 8;
                    for (int n = u2(bytes, at + 6); n > 0; n--) {
                        int[] args = new int[u2(bytes, p + 2)];
                        for (int j = 0; j < args.length; j++) {
                            args[j] = u2(bytes, p + 4 + 2 * j);
                        }
                        c.bootstraps.add(new Bootstrap(u2(bytes, p), args));
                        p += 4 + 2 * args.length;
                    }
                }
                at += 6 + length;
            }
            return c;
        }

        private static int skipAttributes(byte[] bytes, int at) {
            int n = u2(bytes, at);
            at += 2;
            for (int i = 0; i < n; i++) {
                at += 6 + u4(bytes, at + 2);
            }
            return at;
        }

        /** Finds the invokedynamic instructions and the invoked methods of one method's code. */
        private void scan(MethodInfo m, int start, int length) {
            int pc = 0;
            while (pc < length) {
                int op = bytes[start + pc] & 0xFF;
                if (op == 0xba) {
                    m.indyOffsets.add(start + pc);
                }
                pc += instructionLength(op, start, pc);
            }
        }

        private int instructionLength(int op, int start, int pc) {
            if (op == 0xaa || op == 0xab) {   // tableswitch, lookupswitch: 4-byte aligned operands
                int p = pc + 1 + ((4 - (pc + 1) % 4) % 4);
                if (op == 0xaa) {
                    int low = u4(bytes, start + p + 4);
                    int high = u4(bytes, start + p + 8);
                    return p + 12 + 4 * (high - low + 1) - pc;
                }
                return p + 8 + 8 * u4(bytes, start + p + 4) - pc;
            }
            if (op == 0xc4) {   // wide
                return (bytes[start + pc + 1] & 0xFF) == 0x84 ? 6 : 4;
            }
            return LENGTHS[op];
        }

        private static final int[] LENGTHS = new int[256];

        static {
            Arrays.fill(LENGTHS, 1);
            LENGTHS[0x10] = 2;
            LENGTHS[0x11] = 3;
            LENGTHS[0x12] = 2;
            LENGTHS[0x13] = 3;
            LENGTHS[0x14] = 3;
            for (int op = 0x15; op <= 0x19; op++) {
                LENGTHS[op] = 2;
            }
            for (int op = 0x36; op <= 0x3a; op++) {
                LENGTHS[op] = 2;
            }
            LENGTHS[0x84] = 3;
            for (int op = 0x99; op <= 0xa8; op++) {
                LENGTHS[op] = 3;
            }
            LENGTHS[0xa9] = 2;
            for (int op = 0xb2; op <= 0xb8; op++) {
                LENGTHS[op] = 3;
            }
            LENGTHS[0xb9] = 5;
            LENGTHS[0xba] = 5;
            LENGTHS[0xbb] = 3;
            LENGTHS[0xbc] = 2;
            LENGTHS[0xbd] = 3;
            LENGTHS[0xc0] = 3;
            LENGTHS[0xc1] = 3;
            LENGTHS[0xc5] = 4;
            LENGTHS[0xc6] = 3;
            LENGTHS[0xc7] = 3;
            LENGTHS[0xc8] = 5;
            LENGTHS[0xc9] = 5;
        }

        private static String utf8(byte[] bytes, int at, int length) {
            try {
                byte[] withLength = new byte[length + 2];
                withLength[0] = (byte) (length >> 8);
                withLength[1] = (byte) length;
                System.arraycopy(bytes, at, withLength, 2, length);
                return new DataInputStream(new ByteArrayInputStream(withLength)).readUTF();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
