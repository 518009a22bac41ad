package sample;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntBinaryOperator;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/** The shapes of lambdas and method references that DesugarLambdasTest runs before and after the step. */
public class Sample implements Greeter {
    private final String field = "field";

    private final String from;

    private Sample(String from) {
        this.from = from;
    }

    Sample() {
        this("default");
    }

    String name() {
        return "sample";
    }

    private String secret() {
        return "secret";
    }

    private static String shout(String s) {
        return s.toUpperCase();
    }

    Supplier<String> capturingThis() {
        return () -> field + name();
    }

    Supplier<String> privateReference() {
        return this::secret;
    }

    public static List<Object> lambdas() {
        Sample s = new Sample();
        List<Object> out = new ArrayList<>();
        out.add((Supplier<String>) () -> "constant");
        out.add(s.capturingThis());
        out.add(s.privateReference());
        out.add((Supplier<Sample>) Sample::new);
        out.add((Function<String, Sample>) Sample::new);
        out.add((Function<String, Integer>) Integer::parseInt);
        out.add((ToIntFunction<String>) String::length);
        out.add((ToLongFunction<String>) String::length);
        out.add((Function<Sample, String>) Sample::name);
        out.add((Function<String, String>) "x"::concat);
        out.add((Supplier<List<String>>) ArrayList::new);
        out.add((Function<String, StringBuilder>) StringBuilder::new);
        out.add((Function<List<?>, Integer>) List::size);
        out.add((IntBinaryOperator) (a, b) -> a * b);
        out.add((LongFunction<String>) Long::toString);
        out.add((Function<Integer, String>) Integer::toHexString);
        out.add((Function<String, String>) String::trim);
        out.add(s.greeting());
        out.add(new Child().capturingThis());
        return out;
    }

    public static String run() {
        StringBuilder b = new StringBuilder();
        Sample s = new Sample();
        String text = "t";
        int i = 7;
        long l = 1L << 40;
        double d = 2.5;
        boolean yes = true;
        char c = 'c';
        float f = 1.5f;
        b.append(((Supplier<String>) () -> "constant").get()).append('|');
        b.append(((Supplier<String>) () -> text + i + l + d + yes + c + f).get()).append('|');
        b.append(((Supplier<String>) () -> "" + i + i + l + l + d + d + text + text + yes + c + f + f + l).get()).append('|');
        String s0 = "a", s1 = "b", s2 = "c", s3 = "d", s4 = "e", s5 = "f", s6 = "g", s7 = "h", s8 = "i", s9 = "j";
        long n0 = 10, n1 = 11, n2 = 12, n3 = 13, n4 = 14;
        // 15 captures: this site's code in the generated class is longer than a same_frame's offset delta can reach
        b.append(((Supplier<String>) () -> s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + n0 + n1 + n2 + n3 + n4)
                .get()).append('|');
        b.append(s.capturingThis().get()).append('|');
        b.append(s.privateReference().get()).append('|');
        b.append(((Function<String, Sample>) Sample::new).apply("private constructor").from).append('|');
        b.append(((Supplier<Sample>) Sample::new).get().from).append('|');
        b.append(((Function<String, String>) Sample::shout).apply("quiet")).append('|');
        b.append(((Function<String, Integer>) Integer::parseInt).apply("42") + 1).append('|');
        b.append(((ToIntFunction<String>) String::length).applyAsInt("four")).append('|');
        b.append(((ToLongFunction<String>) String::length).applyAsLong("three")).append('|');
        b.append(((Function<Sample, String>) Sample::name).apply(s)).append('|');
        b.append(((Function<String, String>) "x"::concat).apply("y")).append('|');
        List<String> list = ((Supplier<List<String>>) ArrayList::new).get();
        ((Consumer<String>) list::add).accept("added");
        b.append(list).append('|');
        b.append(((Function<String, StringBuilder>) StringBuilder::new).apply("sb").reverse()).append('|');
        b.append(((Function<List<?>, Integer>) List::size).apply(list)).append('|');
        b.append(((IntBinaryOperator) (x, y) -> x * y).applyAsInt(6, 7)).append('|');
        b.append(((LongFunction<String>) Long::toString).apply(l)).append('|');
        b.append(((Function<Integer, String>) Integer::toHexString).apply(255)).append('|');
        b.append(((Function<String, String>) String::trim).apply("  trimmed  ")).append('|');
        b.append(((BiFunction<Double, Integer, Double>) (x, y) -> x * y).apply(1.5, 4)).append('|');
        b.append(((Supplier<Supplier<String>>) () -> () -> "nested" + text).get().get()).append('|');
        b.append(s.greeting().get()).append('|');
        Child child = new Child();
        b.append(child.capturingThis().get()).append('|').append(child.parents().get()).append('|');
        Runnable serializable = (Runnable & Serializable) () -> b.append("serializable|");
        serializable.run();
        b.append(Many.all());
        return b.toString();
    }
}
