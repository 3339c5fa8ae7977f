package vn.hocba

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

class DecodeTest {
    @Test
    fun `a JSON record becomes a data class`() {
        val r = yearRecordFromJson(Fixtures.sampleJson())
        assertEquals(3u.toUByte(), r.grade)
        assertEquals("2024-2025", r.schoolYear)
        assertEquals(YearResult.GOOD, r.result)
        assertEquals("htt", r.result.code())
        assertEquals("Hoàn thành tốt", r.result.labelVi())
        assertEquals(Subject.TOAN, r.subjects[1].subject)
        assertEquals(10u.toUByte(), r.subjects[1].score)
        assertEquals("Nguyễn Thị Minh Anh", r.pupil.fullName)
        assertEquals(r, yearRecordFromJson(Fixtures.sampleJson()))
    }

    @Test
    fun `malformed JSON is a typed decode error with a stable code`() {
        val e = assertThrows<HocbaException.Decode> { yearRecordFromJson("{") }
        assertEquals("json_syntax", e.code)
        assertTrue(e.messageVi.startsWith("JSON không hợp lệ"))
        val data = assertThrows<HocbaException> { yearRecordFromJson("{}") }
        assertEquals("json_data", data.code)
    }

    @Test
    fun `an out of range score is a decode error with the score's code`() {
        val bad = Fixtures.sampleJson().replace("\"score\": 10", "\"score\": 11")
        val e = assertThrows<HocbaException.Decode> { yearRecordFromJson(bad) }
        assertEquals("invalid_score", e.code)
        assertTrue(e.messageVi.contains("điểm phải là số nguyên từ 0 đến 10"), e.messageVi)
    }
}
