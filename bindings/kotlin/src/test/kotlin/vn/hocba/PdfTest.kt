package vn.hocba

import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.nio.file.Files
import java.time.Instant

class PdfTest {
    private fun vec(rel: String): ByteArray = Files.readAllBytes(Fixtures.vectorsDir.resolve(rel))
    private val at = Instant.parse("2026-06-15T00:00:00Z")

    @Test
    fun `a signed record renders to a PDF that verifies on its own`() {
        TrustStore(listOf(vec("pki/roots.pem")), emptyList()).use { t ->
            val pdf = t.renderSignedYearPdf(vec("verify/valid_ed25519.cose"), at)
            assertTrue(String(pdf.copyOf(5)) == "%PDF-")
            assertArrayEquals(pdf, t.renderSignedYearPdf(vec("verify/valid_ed25519.cose"), at))
            val r = t.verifyPdf(pdf, at)
            assertTrue(r.valid)
            assertTrue(r.pagesMatch)
            assertEquals(VerificationStatus.VALID, r.years.single().report.status)
            // One changed byte in the pages: still readable or a typed error, never valid.
            val tampered = pdf.copyOf().also { it[pdf.size / 2] = (it[pdf.size / 2].toInt() xor 1).toByte() }
            try {
                assertFalse(t.verifyPdf(tampered, at).valid)
            } catch (e: HocbaException) {
                assertNotEquals("internal_panic", e.code)
            }
            val garbage = assertThrows<HocbaException> { t.verifyPdf("%PDF-1.7 not really".toByteArray(), at) }
            assertNotEquals("internal_panic", garbage.code)
        }
    }

    @Test
    fun `a signed national XML renders alone or as a pupil's years, and the PDF verifies on its own`() {
        TrustStore(listOf(vec("pki/roots.pem")), emptyList()).use { t ->
            val xml = vec("signed_xml/valid_rs256.xml")
            // One signed XML through the same calls as a COSE record (the core routes it).
            assertEquals(VerificationStatus.VALID, t.verify(xml, at).status)
            assertEquals(t.verifyXml(xml, at).status, t.verify(xml, at).status)
            val one = t.verifyPdf(t.renderSignedYearPdf(xml, at), at)
            assertTrue(one.valid)
            assertEquals(VerificationStatus.VALID, one.years.single().report.status)
            // As a học bạ of its years (ADR 0121): one year here, the identity page first.
            val pdf = t.renderXmlTranscriptPdf(listOf(xml), null, at, emptyList(), emptyMap())
            val r = t.verifyPdf(pdf, at)
            assertTrue(r.valid)
            assertTrue(r.transcript)
            // Two records for one school year: with nothing recalled neither is in force, so no
            // page can show the year; with the portal's recall and link the replacement is.
            val both = listOf(xml, vec("signed_xml/replacement_rs256.xml"))
            val two = assertThrows<HocbaException.Render> {
                t.renderXmlTranscriptPdf(both, null, at, emptyList(), emptyMap())
            }
            assertEquals("year_not_in_force", two.code)
            val link = mapOf("b1826d6c-2c88-462a-a3fe-524a19528fc6" to "5d5d5d5d-5d5d-4d5d-9d5d-5d5d5d5d5d5d")
            val fixed = t.renderXmlTranscriptPdf(both, null, at, emptyList(), link)
            assertTrue(t.verifyPdf(fixed, at).valid)
            // An unreadable record is named by its index; another pupil's identity page is refused.
            val broken = assertThrows<HocbaException> {
                t.renderXmlTranscriptPdf(listOf(xml, "<HOC_BA".toByteArray()), null, at, emptyList(), emptyMap())
            }
            assertEquals(1u, broken.record)
            val other = assertThrows<HocbaException.Render> {
                t.renderXmlTranscriptPdf(listOf(xml), vec("canonical/transcript_two_schools.json"), at, emptyList(), emptyMap())
            }
            assertEquals("pupil_mismatch", other.code)
        }
    }

    @Test
    fun `a PDF whose record the app does not trust is record_invalid first, not a forged page`() {
        // Rendered where both roots are trusted; checked by an app shipping only the government
        // root: the private school's signers are unknown_issuer there (ADR 0280, QA qamobile R1).
        val pdf = TrustStore(listOf(vec("pki/roots.pem")), emptyList()).use { t ->
            t.renderSignedYearPdf(vec("signed_xml/valid_rs256.xml"), at)
        }
        TrustStore(listOf(vec("pki/certs/gov-root.pem")), emptyList()).use { app ->
            val r = app.verifyPdf(pdf, at)
            assertFalse(r.valid)
            assertEquals("record_invalid", r.error)
            val year = r.years.single().report
            assertEquals(VerificationStatus.INVALID, year.status)
            assertEquals("unknown_issuer", year.error)
            assertTrue(year.signers.all { it.error == "unknown_issuer" && !it.messageVi.isNullOrEmpty() })
        }
    }

    @Test
    fun `an unsigned record renders with no signature claimed`() {
        val pdf = renderYearPdf(vec("validate/year_clean_grade_1.json"))
        assertTrue(String(pdf.copyOf(5)) == "%PDF-")
        TrustStore(listOf(vec("pki/roots.pem")), emptyList()).use { t ->
            assertThrows<HocbaException> { t.verifyPdf(pdf, at) }
        }
    }

    @Test
    fun `a signed transcript container renders after its identity page and verifies on its own`() {
        TrustStore(listOf(vec("pki/roots.pem")), emptyList()).use { t ->
            val container = vec("verify/correction_chain.cbor")
            val pdf = t.renderSignedTranscriptPdf(container, vec("verify/correction_chain.context.json"), at)
            val r = t.verifyPdf(pdf, at)
            assertTrue(r.valid)
            assertTrue(r.transcript)
            // Another pupil's identity page is refused.
            val e = assertThrows<HocbaException.Render> {
                t.renderSignedTranscriptPdf(container, vec("canonical/transcript_two_schools.json"), at)
            }
            assertEquals("pupil_mismatch", e.code)
        }
    }
}
