package nl.koppel.simulator.common;

import java.util.List;
import java.util.Random;

/** Dutch-looking names, places and numbers for generated master data (seeded, so reproducible). */
public final class DutchNames {

    private static final List<String> WORDS = List.of("Bakkerij", "Installatie", "Transport", "Bouw", "Advies",
            "Techniek", "Groothandel", "Drukkerij", "Schilders", "Hoveniers", "Loodgieters", "Metaal", "Houtbouw",
            "Zorg", "Media", "Logistiek", "Elektro", "Keukens", "Fietsen", "Verhuur");
    private static final List<String> NAMES = List.of("De Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer",
            "De Boer", "Mulder", "De Groot", "Bos", "Vos", "Peters", "Hendriks", "Van Leeuwen", "Dekker", "Brouwer",
            "De Wit", "Dijkstra", "Smits", "De Graaf", "Van der Meer", "Kok", "Jacobs", "Van Dijk");
    private static final List<String> FORMS = List.of("B.V.", "V.O.F.", "& Zn.", "Holding B.V.", "N.V.", "");
    private static final List<String> CITIES = List.of("Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "Groningen",
            "Tilburg", "Almere", "Breda", "Nijmegen", "Apeldoorn", "Haarlem", "Arnhem", "Zwolle", "Leiden", "Deventer");
    private static final List<String> FIRST_NAMES = List.of("Anne", "Bram", "Daan", "Emma", "Fleur", "Jeroen", "Lotte",
            "Milan", "Noor", "Pieter", "Sanne", "Thijs", "Vera", "Wouter");

    private DutchNames() {
    }

    public static String company(Random random) {
        String form = pick(random, FORMS);
        return (pick(random, WORDS) + " " + pick(random, NAMES) + (form.isEmpty() ? "" : " " + form)).strip();
    }

    public static String firstName(Random random) {
        return pick(random, FIRST_NAMES);
    }

    public static String lastName(Random random) {
        return pick(random, NAMES);
    }

    public static String city(Random random) {
        return pick(random, CITIES);
    }

    public static String kvk(Random random) {
        return String.format("%08d", random.nextInt(100_000_000));
    }

    public static String vatNumber(Random random) {
        return String.format("NL%09dB%02d", random.nextInt(1_000_000_000), 1 + random.nextInt(20));
    }

    public static String emailOf(String name) {
        return name.toLowerCase().replaceAll("[^a-z0-9]+", ".").replaceAll("(^\\.|\\.$)", "") + "@example.nl";
    }

    public static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
