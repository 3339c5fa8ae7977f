package vn.hocba.pdfa;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

/**
 * Validates each PDF given on the command line with veraPDF against PDF/A-3u, the level hocba
 * claims (ADR 0040). A file passes when its XMP claims PDF/A-3u and veraPDF finds no failed rule.
 * Prints one line per file and, for a failure, the failed rules (clause, test number, rule text):
 * never the document's content. Exit status 1 when any file fails, 2 on a usage error.
 */
public final class VeraPdfCheck {
    private VeraPdfCheck() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: VeraPdfCheck FILE.pdf...");
            System.exit(2);
        }
        VeraGreenfieldFoundryProvider.initialise();
        int failed = 0;
        for (String arg : args) {
            boolean ok;
            try {
                ok = check(Path.of(arg));
            } catch (Exception e) {
                System.out.printf("FAIL %s: veraPDF could not read it (%s)%n", arg, e.getMessage());
                ok = false;
            }
            if (!ok) {
                failed++;
            }
        }
        System.out.printf("veraPDF %s: %d of %d files conform to PDF/A-3u%n",
                PDFAFlavour.PDFA_3_U.getId(), args.length - failed, args.length);
        System.exit(failed == 0 ? 0 : 1);
    }

    private static boolean check(Path file) throws Exception {
        ValidationResult result;
        // One parse: the parser reads the claimed flavour from the XMP; the validator checks
        // the same parsed document against PDF/A-3u.
        try (InputStream in = Files.newInputStream(file);
             PDFAParser parser = Foundries.defaultInstance().createParser(in)) {
            PDFAFlavour claimed = parser.getFlavour();
            if (claimed != PDFAFlavour.PDFA_3_U) {
                System.out.printf("FAIL %s: the XMP claims %s, not PDF/A-3u%n", file, claimed);
                return false;
            }
            try (PDFAValidator validator =
                         Foundries.defaultInstance().createValidator(PDFAFlavour.PDFA_3_U, false)) {
                result = validator.validate(parser);
            }
        }
        if (result.isCompliant()) {
            System.out.printf("ok   %s: PDF/A-3u, %d checks passed%n", file, result.getTotalAssertions());
            return true;
        }
        Map<String, String> rules = new TreeMap<>();
        for (TestAssertion a : result.getTestAssertions()) {
            if (a.getStatus() == TestAssertion.Status.FAILED) {
                rules.putIfAbsent(a.getRuleId().getClause() + "-" + a.getRuleId().getTestNumber(),
                        a.getMessage());
            }
        }
        System.out.printf("FAIL %s: %d rules failed%n", file, rules.size());
        rules.forEach((id, text) -> System.out.printf("       %s  %s%n", id, text));
        return false;
    }
}
