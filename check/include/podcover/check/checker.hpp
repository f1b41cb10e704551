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
#include "podcover/layout.hpp"

namespace podcover::check {

// What the user says about the book; the rest is inferred.
struct BookHints {
    std::optional<Binding> binding;
    std::optional<Size> trim;
    std::optional<int> pages;
    std::string paper;                                    // for every printer without its own
    std::map<std::string, std::string> paper_by_printer;  // printer id -> paper
    std::optional<std::filesystem::path> interior;        // page count and trim read from it
};

struct CheckRequest {
    std::filesystem::path file;
    std::vector<const PrinterSpec*> printers;  // in report order
    BookHints hints;
    std::chrono::seconds time_limit{60};  // reading stops (InputError) after this
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

// A printer not checked, and why (a dust jacket is not KDP's).
struct Skipped {
    std::string printer;
    std::string reason;
};

// A fact the check worked out, and how.
struct Inferred {
    std::string what;   // "trim", "pages", "paper", "binding", "cover"
    std::string value;  // "6 x 9 in", "300", ...
    std::string how;
};

struct CheckReport {
    std::filesystem::path file;
    int pages = 0;
    Size page;
    Rect cover;  // the cover's rectangle on the page
    std::string cover_found;
    bool image_only = false;  // the cover is one flattened image: checks work from its pixels
    std::vector<Inferred> inferred;
    std::vector<std::string> fits;  // what the cover's size fits: "KDP cream, 300 pages", ...
    std::vector<PrinterCheck> printers;
    std::vector<Skipped> skipped;
    std::vector<std::string> limits;  // what the check cannot see

    bool any_failed() const;
};

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
