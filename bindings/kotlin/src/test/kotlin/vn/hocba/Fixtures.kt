package vn.hocba

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

/** Paths of the shared test data, passed by Surefire as system properties (see pom.xml). */
object Fixtures {
    val vectorsDir: Path = Paths.get(System.getProperty("hocba.vectors.dir", "../../tests/vectors"))
    val testdataDir: Path = Paths.get(System.getProperty("hocba.testdata.dir", "../testdata"))

    fun sampleJson(): String = Files.readString(testdataDir.resolve("year_record.json"))
}
