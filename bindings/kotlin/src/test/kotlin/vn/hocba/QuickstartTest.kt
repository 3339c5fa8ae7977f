package vn.hocba

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.time.Instant

/** The Kotlin quickstart of docs/bindings.md, with real files, so the guide cannot rot. */
class QuickstartTest {
    private val vectors = Fixtures.vectorsDir.toFile()
    private val out = StringBuilder()
    private fun println(s: Any?) { out.appendLine(s.toString()) }

    @Test
    fun `the quickstart runs`() {
        val recordFile = File(vectors, "canonical/year_record_realistic.json")
        try {
            val decoded = decode(recordFile.readBytes())
            when (val doc = decoded.document) {
                is Document.YearRecord -> {
                    val r = doc.record
                    println("${r.pupil.fullName}, lớp ${r.className} (${r.schoolYear}): ${r.result.labelVi()}")
                    for (s in r.subjects) println("  ${s.subject.labelVi()}: ${s.level.labelVi()} ${s.score ?: ""}")
                }
                is Document.Transcript -> println("${doc.transcript.years.size} năm học")
            }
            val cbor: ByteArray = toCanonicalCbor(recordFile.readBytes())
            assertEquals(decodeYearRecord(cbor), (decoded.document as Document.YearRecord).record)
        } catch (e: HocbaException) {
            println("${e.code}: ${e.messageVi}")
        }

        val trust = TrustStore(listOf(File(vectors, "pki/roots.pem").readBytes()), emptyList())
        val report = trust.verify(File(vectors, "verify/valid_ed25519.cose").readBytes(), Instant.parse("2026-06-15T00:00:00Z"))
        println(report.summaryVi)
        when (report.status) {
            VerificationStatus.VALID -> println("Hợp lệ: ${report.record!!.pupil.fullName}")
            VerificationStatus.INCOMPLETE -> println("Chưa đủ chữ ký: ${report.missing.map { it.labelVi() }}")
            VerificationStatus.INVALID -> report.signers.filter { !it.valid }
                .forEach { println("${it.role.labelVi()}: ${it.error} — ${it.messageVi}") }
        }
        trust.close()

        assertEquals(VerificationStatus.VALID, report.status)
        assert(out.contains("Hợp lệ: ")) { out.toString() }
    }

    /** docs/bindings.md "In an app": a signed national XML and a PDF, checked offline. */
    @Test
    fun `the in-app offline verification example runs`(@TempDir dir: File) {
        val assets = File(vectors, "pki")
        val at = Instant.parse("2026-06-15T00:00:00Z")
        // --- as in docs/bindings.md ---
        // One store for the app's lifetime: exactly the roots and CRLs the app ships, nothing fetched.
        val trust = TrustStore(listOf(File(assets, "roots.pem").readBytes()), emptyList())

        fun lines(r: VerificationReport): List<String> =
            listOf(when (r.status) {
                VerificationStatus.VALID -> "Hợp lệ"
                VerificationStatus.INCOMPLETE -> "Chưa đủ chữ ký"
                VerificationStatus.INVALID -> "Không hợp lệ"
            }) + r.signers.map { s ->
                "${s.role.labelVi()}: ${s.certificate?.subjectName ?: "?"} — " + if (s.valid) "hợp lệ" else "${s.messageVi} [${s.error}]"
            } + r.missing.map { "${it.labelVi()}: chưa ký" }

        fun check(file: ByteArray, now: Instant = Instant.now()): List<String> = try {
            if (file.size >= 5 && String(file, 0, 5, Charsets.US_ASCII) == "%PDF-") {
                val pdf = trust.verifyPdf(file, now)
                listOf(if (pdf.valid) "Tệp PDF hợp lệ" else "Tệp PDF không hợp lệ (${pdf.error})") +
                    pdf.years.flatMap { lines(it.report) }
            } else {
                lines(trust.verify(file, now))                    // a signed national XML (or COSE)
            }
        } catch (e: HocbaException) {
            listOf("${e.messageVi} [${e.code}]")                  // not a signed record at all
        }
        // --- end ---
        val xml = File(vectors, "signed_xml/valid_rs256.xml").readBytes()
        assertEquals(listOf("Hợp lệ", "Giáo viên chủ nhiệm: Phạm Thu Hà — hợp lệ",
            "Hiệu trưởng: Đỗ Quang Huy — hợp lệ", "Con dấu của trường: Trường Tiểu học Tư thục Thử Nghiệm — hợp lệ"),
            check(xml, at))
        val pdf = File(dir, "hoc-ba.pdf").apply { writeBytes(trust.renderSignedYearPdf(xml, at)) }
        assertEquals(listOf("Tệp PDF hợp lệ") + check(xml, at), check(pdf.readBytes(), at))
        val awaiting = check(File(vectors, "signed_xml/incomplete_awaiting_seal.xml").readBytes(), at)
        assertEquals(listOf("Chưa đủ chữ ký", "Con dấu của trường: chưa ký"), listOf(awaiting.first(), awaiting.last()))
        val changed = check(File(vectors, "signed_xml/data_byte_changed.xml").readBytes(), at)
        assertTrue(changed.first() == "Không hợp lệ" && changed.drop(1).all { it.endsWith("[xmldsig_digest_mismatch]") }, changed.toString())
        assertTrue(check("không phải học bạ".toByteArray(), at).single().endsWith("[unrecognised_input]"))
        trust.close()
    }
}
