package vn.hocba

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.nio.file.Files
import kotlin.random.Random

class ValidateTest {
    private fun vec(rel: String): ByteArray = Files.readAllBytes(Fixtures.vectorsDir.resolve(rel))

    @Test
    fun `a clean record is ok with its derived result, in JSON and in CBOR`() {
        val json = vec("validate/year_clean_grade_1.json")
        for (bytes in listOf(json, toCanonicalCbor(json))) {
            val r = validate(bytes, null)
            assertTrue(r.ok)
            assertEquals(emptyList<Violation>(), r.violations)
            assertEquals(YearResult.EXCELLENT, r.derived.single()!!.result)
        }
    }

    @Test
    fun `the policy decides the severity of unconfirmed rules`() {
        val bytes = vec("validate/year_score_zero_warning.json")
        val lenient = validate(bytes, defaultPolicy())
        assertTrue(lenient.ok)
        assertEquals(Severity.WARNING, lenient.violations.single { it.code == "score_zero" }.severity)
        val strict = validate(bytes, defaultPolicy().copy(zeroScore = Check.ERROR))
        assertFalse(strict.ok)
        val v = strict.violations.single { it.code == "score_zero" }
        assertEquals(Severity.ERROR, v.severity)
        assertTrue(v.rule.isNotEmpty() && v.path.isNotEmpty() && v.messageVi.isNotEmpty())
        assertTrue(validate(bytes, defaultPolicy().copy(zeroScore = Check.OFF)).violations.none { it.code == "score_zero" })
    }

    @Test
    fun `garbage is a typed decode error`() {
        val rng = Random(27)
        repeat(300) {
            val e = assertThrows<HocbaException> { validate(rng.nextBytes(rng.nextInt(0, 200)), null) }
            assertNotEquals("internal_panic", e.code)
        }
    }
}
