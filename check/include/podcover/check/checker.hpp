// Checking a cover PDF against printers (docs/check.md): find the cover on the page, work out
// what is not given (trim, pages, paper, binding) from its size, lay the book out on each
// printer, and report every problem with where it is, per printer, with a verdict.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "podcover/check/cover_pdf.hpp"
#include "podcover/check/infer.hpp"
#include "podcover/check/locate.hpp"
#include "podcover/check/printer_template.hpp"
#include "podcover/layout.hpp"

namespace podcover::check {

struct CheckRequest {
    std::filesystem::path file;
    std::vector<const PrinterSpec*> printers;  // in report order
    BookHints hints;
    // A printer's template for the book (KDP's calculator PDF, IngramSpark's e-mailed one): the
    // book's facts and where the artwork sits on a template page come from it.
    std::optional<std::filesystem::path> template_file;
    // Reading stops (LimitError "time", exit 3) after this; none: check_time_limit() of the
    // size of the files read (the cover, --interior, --template).
    std::optional<std::chrono::milliseconds> time_limit;
};

// One problem (or remark) with a stable code (docs/check.md lists them), a message with the
// numbers, and where it is: a box in inches in the cover's coordinates (origin at the cover's
// top-left corner, y down).
struct Finding {
    std::string code;
    Severity severity = Severity::error;
    std::string message;
    std::optional<Rect> box;
};

enum class Verdict { pass, warn, fail };
std::string_view verdict_id(Verdict verdict);  // "pass", "warn", "fail"

struct PrinterCheck {
    const PrinterSpec* printer = nullptr;
    BookSpec book;
    std::optional<Layout> expected;  // none when the printer does not offer the book
    Length offset_x;                 // where the expected sheet lies on the cover: centred
    Length offset_y;
    std::vector<Finding> findings;    // errors, then warnings, then notes
    std::vector<std::string> passed;  // the checks that found nothing, for the report
    // Remarks on the printer's data the check used: UNVERIFIED numbers, papers substituted.
    std::vector<std::string> notes;
    Verdict verdict = Verdict::pass;
};

// A printer's template read (from the PDF checked, or from --template), and how podcover's
// geometry for its book compares with the numbers it prints.
struct TemplateReport {
    std::filesystem::path file;
    TemplateFacts facts;
    std::string printer_name;  // "IngramSpark" (its id when it is not among those checked)
    // Against the template's printer; none when that printer is not among those checked.
    std::optional<TemplateComparison> comparison;
    // The PDF checked is the template itself, not a cover: it is compared, not checked.
    bool is_template = false;
};

struct CheckReport {
    std::filesystem::path file;
    int pages = 0;
    Size page;
    Rect cover;  // the cover's rectangle on the page
    LocateMethod cover_method = LocateMethod::page;
    std::string cover_found;  // how it was found, for the report
    bool image_only = false;  // the cover is one flattened image: checks work from its pixels
    std::vector<Inferred> inferred;
    std::vector<std::string> fits;  // what the cover's size fits: "KDP cream, 300 pages", ...
    std::vector<PrinterCheck> printers;
    std::vector<Skipped> skipped;
    std::vector<std::string> limits;  // what the check cannot see
    std::optional<TemplateReport> printer_template;

    // A printer fails, or the PDF is a printer's template whose numbers podcover's differ from.
    bool any_failed() const;
};

// A printer's template PDF (KDP's Cover Calculator PDF, IngramSpark's template): the facts it
// prints and where its artwork goes, read with these printers' rules (papers, bleed). Throws
// InputError naming the file when it cannot be read or is no template podcover recognises.
// `time_limit` none: check_time_limit() of its size.
TemplateFacts read_printer_template_file(
    const std::filesystem::path& path, const std::vector<const PrinterSpec*>& printers,
    std::optional<std::chrono::milliseconds> time_limit = std::nullopt);

// A checked cover: the report, and the document for drawing the annotated proof.
class CoverCheck {
  public:
    // Reads and checks. Throws InputError (exit 3) when the file cannot be read, UsageError
    // for contradictory hints.
    static std::unique_ptr<CoverCheck> run(const CheckRequest& request);

    const CheckReport& report() const { return report_; }
    const CoverPdf& pdf() const { return *pdf_; }

  private:
    CheckReport report_;
    std::unique_ptr<CoverPdf> pdf_;
};

}  // namespace podcover::check
