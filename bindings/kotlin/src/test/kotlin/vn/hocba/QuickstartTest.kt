package vn.hocba

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
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
}
