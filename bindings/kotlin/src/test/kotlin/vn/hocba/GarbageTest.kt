package vn.hocba

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.json.JSONArray
import org.json.JSONObject
import kotlin.random.Random

/** Garbage in → a typed HocbaException with a stable code, never a crash or an untyped error. */
class GarbageTest {
    private fun expectTypedError(bytes: ByteArray, what: String): String {
        try {
            decode(bytes)
        } catch (e: HocbaException) {
            assertTrue(e.code.isNotEmpty(), what)
            assertNotEquals("internal_panic", e.code, what)
            return e.code
        } catch (e: Throwable) {
            fail<Unit>("$what: untyped ${e::class.qualifiedName}", e)
        }
        fail<Unit>("$what: decoded without error")
        return ""
    }

    @Test
    fun `every truncation of a canonical record is a typed decode error`() {
        val cbor = toCanonicalCbor(Fixtures.sampleJson().toByteArray())
        assertEquals(yearRecordFromJson(Fixtures.sampleJson()), decodeYearRecord(cbor))
        val codes = mutableSetOf<String>()
        for (n in 0 until cbor.size) {
            codes += expectTypedError(cbor.copyOf(n), "CBOR truncated to $n bytes")
        }
        assertTrue("truncated" in codes, codes.toString())
    }

    @Test
    fun `every truncation of a JSON record is a typed decode error`() {
        val json = Fixtures.sampleJson().trimEnd().toByteArray()
        for (n in 1 until json.size) {
            expectTypedError(json.copyOf(n), "JSON truncated to $n bytes")
        }
    }

    @Test
    fun `random bytes are typed errors`() {
        val rng = Random(20201027)
        repeat(2000) { i ->
            val bytes = rng.nextBytes(rng.nextInt(0, 300))
            // Half of the inputs start like a CBOR map or a JSON object to get past the first byte.
            when (i % 4) {
                1 -> if (bytes.isNotEmpty()) bytes[0] = 0xb3.toByte()
                2 -> if (bytes.isNotEmpty()) bytes[0] = '{'.code.toByte()
            }
            expectTypedError(bytes, "random input #$i")
        }
    }

    @Test
    fun `flipping any byte of a canonical record never crashes`() {
        val cbor = toCanonicalCbor(Fixtures.sampleJson().toByteArray())
        for (i in cbor.indices) {
            val bad = cbor.copyOf()
            bad[i] = (bad[i].toInt() xor 0x5a).toByte()
            try {
                decode(bad)
            } catch (e: HocbaException) {
                assertNotEquals("internal_panic", e.code)
            }
        }
    }

    @Test
    fun `a transcript where a record is expected is a typed decode error`() {
        val record = JSONObject(Fixtures.sampleJson())
        val transcript = JSONObject()
            .put("pupil", record.getJSONObject("pupil"))
            .put("enrolments", JSONArray())
            .put("years", JSONArray().put(record))
        val json = transcript.toString().toByteArray()
        val t = (decode(json).document as Document.Transcript).transcript
        assertEquals(3u.toUByte(), t.years.single().grade)
        val cbor = toCanonicalCbor(json)
        val decoded = decode(cbor)
        assertEquals(Encoding.CBOR, decoded.encoding)
        assertEquals(Document.Transcript(t), decoded.document)
        assertEquals(t, decodeTranscript(cbor))
        val e = assertThrows<HocbaException.Decode> { decodeYearRecord(cbor) }
        assertTrue(e.code.isNotEmpty())
    }
}
