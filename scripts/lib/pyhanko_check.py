"""pyHanko's view of a PAdES-signed hocba PDF (scripts/test-pades.sh).

Usage: pyhanko_check.py ROOT.pem FILE.pdf
Validates every signature with pyHanko against ROOT.pem alone (no fetching): the CMS intact and
valid, the chain trusted, the ESS signing-certificate attribute checked by pyHanko, the PAdES
SubFilter ETSI.CAdES.detached, and the signature covering the whole file (the last one) or a
revision followed only by allowed signature updates (pyHanko's difference analysis). Exit 0
when all hold, 1 otherwise, printing pyHanko's own summary.
"""

import sys

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext


def main() -> int:
    root = load_cert_from_pemder(sys.argv[1])
    ok = True
    with open(sys.argv[2], "rb") as f:
        reader = PdfFileReader(f, strict=True)
        sigs = reader.embedded_signatures
        if not sigs:
            print("pyHanko: no signature")
            return 1
        for sig in sigs:
            vc = ValidationContext(trust_roots=[root], allow_fetching=False)
            status = validate_pdf_signature(sig, vc)
            subfilter = sig.sig_object.get("/SubFilter")
            coverage = status.coverage
            good = (
                status.intact
                and status.valid
                and status.trusted
                and subfilter == "/ETSI.CAdES.detached"
                and coverage
                in (
                    SignatureCoverageLevel.ENTIRE_FILE,
                    SignatureCoverageLevel.ENTIRE_REVISION,
                )
                and status.bottom_line
            )
            print(
                f"pyHanko: {sig.field_name}: intact={status.intact} valid={status.valid} "
                f"trusted={status.trusted} subfilter={subfilter} coverage={coverage.name} "
                f"modification={status.modification_level} bottom_line={status.bottom_line}"
            )
            ok = ok and good
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
