package vn.hocba;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The bindings are usable from plain Java: top-level functions live in Hocba_ffiKt. */
class JavaUsageTest {
    @Test
    void decodesAndReportsErrorsFromJava() throws Exception {
        String json = Files.readString(Path.of(System.getProperty("hocba.testdata.dir", "../testdata"), "year_record.json"));
        YearRecord record = Hocba_ffiKt.yearRecordFromJson(json);
        assertEquals("3A", record.getClassName());
        assertEquals("htt", record.getResult().code());

        HocbaException e = assertThrows(HocbaException.class, () -> Hocba_ffiKt.yearRecordFromJson("["));
        assertEquals("json_syntax", HocbaErrors.getCode(e));
    }
}
