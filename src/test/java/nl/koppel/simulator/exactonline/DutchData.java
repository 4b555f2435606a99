package nl.koppel.simulator.exactonline;

import java.util.List;

/** Word lists and templates that make generated data look like a Dutch bookkeeping: names, places, a chart of accounts. */
final class DutchData {

    private DutchData() {
    }

    static final List<String> SURNAMES = List.of(
            "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
            "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit",
            "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan",
            "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn", "de Jong", "Schouten",
            "van Beek", "Willems", "van Dijk", "Verhoeven", "Hoekstra", "Koster", "Prins", "Huisman", "Kuipers",
            "Veenstra", "Post", "Kramer", "van Wijk", "Wouters", "Maas", "Verbeek", "Timmermans", "Groen",
            "Gerritsen", "Boer", "Molenaar", "van Vliet", "Hermans", "Sanders", "Evers", "Bosch", "Lammers");

    /** Trade words that go before a name: "Bakkerij Jansen". */
    static final List<String> TRADES_BEFORE = List.of(
            "Bakkerij", "Slagerij", "Kapsalon", "Autobedrijf", "Schildersbedrijf", "Bouwbedrijf",
            "Hoveniersbedrijf", "Installatiebedrijf", "Loodgietersbedrijf", "Timmerbedrijf", "Transportbedrijf",
            "Adviesbureau", "Administratiekantoor", "Architectenbureau", "Drukkerij", "Tandartspraktijk",
            "Fysiotherapie", "Groothandel", "Rijschool", "Dakdekkersbedrijf", "Kinderopvang", "Bloemenhuis");

    /** Trade words that go after a name: "Jansen Installatietechniek". */
    static final List<String> TRADES_AFTER = List.of(
            "Installatietechniek", "Elektrotechniek", "Bouw", "Transport", "Logistiek", "Consultancy",
            "IT Services", "Catering", "Metaalbewerking", "Vastgoed", "Schoonmaak", "Techniek", "Events",
            "Interieurbouw", "Mode", "Zorg", "Media", "Verhuur", "Holding", "Tuinen", "Keukens", "Fietsen");

    static final List<String> LEGAL_FORMS = List.of("B.V.", "B.V.", "B.V.", "V.O.F.", "", "", "Holding B.V.", "& Zn.");

    static final List<String> CITIES_NL = List.of(
            "Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen", "Tilburg", "Almere",
            "Breda", "Nijmegen", "Apeldoorn", "Haarlem", "Arnhem", "Enschede", "Amersfoort", "Zaandam",
            "'s-Hertogenbosch", "Zwolle", "Leiden", "Maastricht", "Dordrecht", "Ede", "Alkmaar", "Delft",
            "Deventer", "Leeuwarden", "Venlo", "Hilversum", "Assen", "Middelburg", "Helmond", "Emmen",
            "Heerlen", "Gouda", "Roosendaal", "Oss", "Purmerend", "Veenendaal", "Zeist", "Hoorn");
    static final List<String> CITIES_BE = List.of("Antwerpen", "Gent", "Brugge", "Leuven", "Hasselt", "Mechelen");
    static final List<String> CITIES_DE = List.of("Düsseldorf", "Köln", "Aachen", "Münster", "Emmerich am Rhein", "Kleve");

    static final List<String> DEPARTMENTS = List.of(
            "Verkoop", "Inkoop", "Administratie", "Magazijn", "Productie", "Directie", "ICT", "Marketing",
            "Personeelszaken", "Service", "Logistiek", "Kwaliteit", "Onderzoek", "Projecten", "Facilitair",
            "Juridische zaken", "Financiën", "Klantenservice", "Werkplaats", "Buitendienst");

    /**
     * A payment condition as an office usually has them. Exact's reference names the fields but not their values'
     * forms; the simulator's choice: DiscountPercentage a percentage (2.0 is 2 %), PaymentMethod B (on account),
     * I (direct debit) or K (cash).
     */
    record PaymentConditionTemplate(String code, String description, int paymentDays, int endOfMonths,
                                    double discountPercentage, int discountDays, String paymentMethod) {
    }

    static final List<PaymentConditionTemplate> PAYMENT_CONDITIONS = List.of(
            new PaymentConditionTemplate("00", "Contant", 0, 0, 0.0, 0, "K"),
            new PaymentConditionTemplate("14", "14 dagen", 14, 0, 0.0, 0, "B"),
            new PaymentConditionTemplate("30", "30 dagen, 2% korting binnen 8 dagen", 30, 0, 2.0, 8, "B"),
            new PaymentConditionTemplate("60", "60 dagen", 60, 0, 0.0, 0, "B"),
            new PaymentConditionTemplate("EM", "30 dagen na einde maand", 30, 1, 0.0, 0, "B"),
            new PaymentConditionTemplate("IN", "Automatische incasso", 0, 0, 0.0, 0, "I"));

    static final List<String> PROJECT_TYPES = List.of(
            "Nieuwbouw", "Renovatie", "Onderhoud", "Uitbreiding", "Verbouwing", "Inrichting", "Project");

    static final List<String> COST_CATEGORIES = List.of(
            "Reiskosten", "Representatiekosten", "Vakliteratuur", "Contributies en abonnementen",
            "Onderhoud inventaris", "Schoonmaakkosten", "Beveiliging", "Softwarelicenties", "Hosting",
            "Drukwerk", "Kantinekosten", "Opleidingskosten", "Werkkleding", "Kleine aanschaffingen",
            "Parkeerkosten", "Leasekosten", "Onderhoud gebouwen", "Afvalverwerking", "Uitbesteed werk", "Vrachtkosten");

    /** A GL account of the template chart: code, description, Exact GL type, balance side (D/C), balance type (B/W), VAT code. */
    record GLTemplate(String code, String description, int type, String balanceSide, String balanceType, String vatCode) {
    }

    static final List<GLTemplate> GL_ACCOUNTS = List.of(
            gl("0100", "Goodwill", 30, "D", "B", null),
            gl("0200", "Gebouwen", 30, "D", "B", null),
            gl("0210", "Afschrijving gebouwen", 35, "C", "B", null),
            gl("0300", "Inventaris", 30, "D", "B", null),
            gl("0310", "Afschrijving inventaris", 35, "C", "B", null),
            gl("0400", "Vervoermiddelen", 30, "D", "B", null),
            gl("0410", "Afschrijving vervoermiddelen", 35, "C", "B", null),
            gl("0500", "Eigen vermogen", 50, "C", "B", null),
            gl("0600", "Onverdeelde winst", 52, "C", "B", null),
            gl("0700", "Lening o/g", 55, "C", "B", null),
            gl("1000", "Kas", 10, "D", "B", null),                    // CASH
            gl("1100", "Bank", 12, "D", "B", null),                   // BANK
            gl("1110", "Spaarrekening", 12, "D", "B", null),          // SAVINGS
            gl("1300", "Debiteuren", 20, "D", "B", null),             // RECEIVABLES
            gl("1400", "Vooruitbetaalde kosten", 26, "D", "B", null),
            gl("1500", "Te vorderen BTW", 24, "D", "B", null),        // VAT_TO_CLAIM
            gl("1510", "Af te dragen BTW", 24, "C", "B", null),       // VAT_TO_PAY
            gl("1520", "BTW rekening-courant", 24, "C", "B", null),
            gl("1600", "Crediteuren", 22, "C", "B", null),            // PAYABLES
            gl("1700", "Nog te betalen kosten", 27, "C", "B", null),
            gl("1800", "Af te dragen loonheffing", 25, "C", "B", null),
            gl("1900", "Vennootschapsbelasting", 29, "C", "B", null),
            gl("2000", "Vraagposten", 90, "D", "B", null),
            gl("2100", "Kruisposten", 90, "D", "B", null),
            gl("3000", "Voorraad handelsgoederen", 40, "D", "B", null),
            gl("4000", "Brutolonen", 125, "D", "W", null),
            gl("4010", "Sociale lasten", 126, "D", "W", null),
            gl("4020", "Pensioenlasten", 126, "D", "W", null),
            gl("4100", "Huur bedrijfsruimte", 120, "D", "W", null),
            gl("4110", "Gas, water en licht", 120, "D", "W", "3"),
            gl("4200", "Autokosten", 120, "D", "W", "3"),
            gl("4210", "Brandstof", 120, "D", "W", "3"),
            gl("4300", "Kantoorbenodigdheden", 121, "D", "W", "3"),
            gl("4310", "Telefoon en internet", 121, "D", "W", "3"),
            gl("4320", "Portikosten", 121, "D", "W", null),
            gl("4400", "Verkoopkosten", 121, "D", "W", "3"),
            gl("4410", "Reclame en advertenties", 121, "D", "W", "3"),
            gl("4500", "Afschrijvingskosten", 122, "D", "W", null),
            gl("4600", "Accountantskosten", 121, "D", "W", "3"),
            gl("4610", "Advieskosten", 121, "D", "W", "3"),
            gl("4700", "Verzekeringen", 120, "D", "W", null),
            gl("4800", "Bankkosten", 120, "D", "W", null),
            gl("4900", "Overige algemene kosten", 120, "D", "W", "3"),
            gl("7000", "Inkoopwaarde van de omzet", 111, "D", "W", "3"),
            gl("8000", "Omzet hoog tarief", 110, "C", "W", "1"),
            gl("8010", "Omzet laag tarief", 110, "C", "W", "2"),
            gl("8020", "Omzet vrijgesteld", 110, "C", "W", "0"),
            gl("8100", "Omzet buiten de EU", 110, "C", "W", "13"),
            gl("8110", "Omzet binnen de EU", 110, "C", "W", "11"),
            gl("9000", "Rentebaten", 140, "C", "W", null),
            gl("9100", "Rentelasten", 130, "D", "W", null));

    static final int GL_CASH = 10;
    static final int GL_BANK = 11;
    static final int GL_SAVINGS = 12;
    static final int GL_RECEIVABLES = 13;
    static final int GL_VAT_TO_CLAIM = 15;
    static final int GL_VAT_TO_PAY = 16;
    static final int GL_PAYABLES = 18;

    /** A VAT code: code, description, percentage (a fraction, as Exact stores it), Type, VATTransactionType, blocked. */
    record VatTemplate(String code, String description, double percentage, String type, String transactionType, boolean blocked) {
    }

    static final List<VatTemplate> VAT_CODES = List.of(
            vat("0", "Geen BTW", 0.0, "N", "B", false),
            vat("1", "BTW hoog verkoop 21%", 0.21, "B", "S", false),
            vat("2", "BTW laag verkoop 9%", 0.09, "B", "S", false),
            vat("3", "BTW hoog inkoop 21%", 0.21, "B", "P", false),
            vat("4", "BTW laag inkoop 9%", 0.09, "B", "P", false),
            vat("5", "BTW hoog verkoop incl. 21%", 0.21, "I", "S", false),
            vat("6", "Vrijgesteld van BTW", 0.0, "E", "B", false),
            vat("7", "BTW laag verkoop incl. 9%", 0.09, "I", "S", false),
            vat("8", "BTW verlegd verkoop", 0.0, "B", "S", false),
            vat("9", "BTW verlegd inkoop 21%", 0.21, "B", "P", false),
            vat("11", "Intracommunautaire levering", 0.0, "B", "S", false),
            vat("12", "Intracommunautaire verwerving 21%", 0.21, "B", "P", false),
            vat("13", "Export buiten de EU", 0.0, "B", "S", false),
            vat("14", "Import buiten de EU 21%", 0.21, "B", "P", false),
            vat("15", "BTW laag verkoop 6% (oud)", 0.06, "B", "S", true),
            vat("16", "BTW laag inkoop 6% (oud)", 0.06, "B", "P", true));

    /** A journal: code, description, Exact journal type (10 cash, 12 bank, 20 sales, 22 purchase, 90 general), GL account template index or -1. */
    record JournalTemplate(String code, String description, int type, int glAccount) {
    }

    static final List<JournalTemplate> JOURNALS = List.of(
            new JournalTemplate("10", "Kas", 10, GL_CASH),
            new JournalTemplate("20", "Bank", 12, GL_BANK),
            new JournalTemplate("21", "Spaarrekening", 12, GL_SAVINGS),
            new JournalTemplate("60", "Inkoopboek", 22, GL_PAYABLES),
            new JournalTemplate("70", "Verkoopboek", 20, GL_RECEIVABLES),
            new JournalTemplate("90", "Memoriaal", 90, -1),
            new JournalTemplate("91", "Beginbalans", 90, -1),
            new JournalTemplate("92", "Correcties", 90, -1));

    private static GLTemplate gl(String code, String description, int type, String side, String balanceType, String vatCode) {
        return new GLTemplate(code, description, type, side, balanceType, vatCode);
    }

    private static VatTemplate vat(String code, String description, double percentage, String type, String transactionType, boolean blocked) {
        return new VatTemplate(code, description, percentage, type, transactionType, blocked);
    }
}
