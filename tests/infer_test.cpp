// The check's inference stage on its own: sizes in, one book per printer out, no PDF.
#include "podcover/check/infer.hpp"
#include "support.hpp"

using namespace podcover;
using namespace podcover::check;
using Catch::Contains;

namespace {

const PrinterBook* book_of(const Inference& inference, const std::string& id) {
    for (const auto& b : inference.books) {
        if (b.printer->id == id)
            return &b;
    }
    return nullptr;
}

std::string facts(const Inference& inference) {
    std::string text;
    for (const auto& f : inference.inferred)
        text += f.what + "=" + f.value + " (" + f.how + ")\n";
    return text;
}

}  // namespace

TEST_CASE("inference: a table of cover sizes and the books they are", "[check][infer]") {
    struct Row {
        const char* size;     // the cover
        const char* printer;  // whose book is checked
        const char* trim;     // what it is taken as
        int pages;            // 0: not sized
        const char* paper;
        const char* binding;
    };
    // PRINTERS.md §5's worked examples, read backwards from their full wrap.
    const Row rows[] = {
        {"12.9256x9.25in", "kdp", "6x9in", 300, "white", "paperback"},
        {"12.879x9.25in", "ingramspark", "6x9in", 300, "white", "paperback"},
        {"11.585x8.75in", "ingramspark", "5.5x8.5in", 144, "creme", "paperback"},
        {"14.327x10.417in", "kdp", "6x9in", 250, "white", "case-laminate"},
        // IngramSpark's casebound spine steps by 1/16 in: 275 to 304 pages share 300's, and
        // the first even count of the step is taken.
        {"14.5675x10.5in", "ingramspark", "6x9in", 276, "white", "case-laminate"},
        {"20.8125x9.5in", "ingramspark", "6x9in", 276, "white", "dust-jacket"},
    };
    for (const Row& row : rows) {
        INFO(row.size);
        const auto inference =
            infer(Size::parse(row.size), BookHints{}, test::both_printers(), false);
        INFO(facts(inference));
        const PrinterBook* b = book_of(inference, row.printer);
        REQUIRE(b != nullptr);
        CHECK(b->known);
        CHECK(b->book.trim == Size::parse(row.trim));
        CHECK(b->book.binding == parse_binding(row.binding).value());
        if (b->unsized.empty()) {
            CHECK(b->book.pages == row.pages);
            const PaperSpec* paper = b->printer->find_paper(b->book.paper);
            REQUIRE(paper != nullptr);
            CHECK(paper->id == b->printer->find_paper(row.paper)->id);
        }
    }
}

TEST_CASE("inference: a dust jacket skips KDP unless the binding is given", "[check][infer]") {
    const Size jacket = Size::parse("20.8125x9.5in");
    const auto inferred = infer(jacket, BookHints{}, test::both_printers(), false);
    REQUIRE(inferred.skipped.size() == 1);
    CHECK(inferred.skipped[0].printer == "kdp");
    CHECK(book_of(inferred, "kdp") == nullptr);
    BookHints given;
    given.binding = Binding::dust_jacket;
    const auto named = infer(jacket, given, test::both_printers(), true);
    CHECK(named.skipped.empty());
    CHECK(book_of(named, "kdp") != nullptr);
}

TEST_CASE("inference: one page count, each printer's own paper", "[check][infer]") {
    // 13 x 9.25 in is 300 pages on KDP's cream and on IngramSpark's groundwood.
    const auto inference =
        infer(Size::parse("13x9.25in"), BookHints{}, test::both_printers(), false);
    INFO(facts(inference));
    CHECK(book_of(inference, "kdp")->book.paper == "cream");
    CHECK(book_of(inference, "ingramspark")->book.paper == "groundwood");
    CHECK(book_of(inference, "kdp")->book.pages == 300);
    CHECK(book_of(inference, "ingramspark")->book.pages == 300);
    CHECK(book_of(inference, "kdp")->guessed.empty());
    // Given the paper, both printers are checked on it, and the count comes from the fit.
    BookHints cream;
    cream.paper = "cream";
    const auto with_paper = infer(Size::parse("13x9.25in"), cream, test::both_printers(), false);
    CHECK(book_of(with_paper, "ingramspark")->book.paper == "cream");
    CHECK(book_of(with_paper, "kdp")->book.pages == 300);
}

TEST_CASE("inference: sizes no book has", "[check][infer]") {
    const auto none = infer(Size::parse("3x3in"), BookHints{}, test::both_printers(), false);
    CHECK_THAT(facts(none), Contains("book=unknown"));
    for (const auto& b : none.books)
        CHECK_FALSE(b.known);
    // The trim and count given: the book is known, whatever the size.
    BookHints hints;
    hints.trim = Size::parse("6x9in");
    hints.pages = 300;
    const auto given = infer(Size::parse("3x3in"), hints, test::both_printers(), false);
    for (const auto& b : given.books) {
        CHECK(b.known);
        CHECK(b.book.pages == 300);
    }
    // Cropped at the trim: 12.6756 x 9 in is KDP's 300-page white cover without its bleed.
    const auto cropped =
        infer(Size::parse("12.6756x9in"), BookHints{}, test::both_printers(), false);
    CHECK_THAT(facts(cropped), Contains("the cover with 0.125 in of bleed added"));
    CHECK(book_of(cropped, "kdp")->book.pages == 300);
}

TEST_CASE("inference: a flattened cover's size is known to a pixel", "[check][infer]") {
    // The sample's KDP cover, 12.9256 x 9.25 in (300 pages on white), exported at 300 ppi is
    // 3878 x 2775 px: 12.92667 in wide. Closer books at other counts (288 on KDP's groundwood,
    // 324 on IngramSpark's white) are within the same pixel, so they do not win.
    const Size page{Length::from_in(3878) / 300, Length::from_in(2775) / 300};
    const Length pixel = Length::from_in(1) / 300;

    const auto measured = infer(page, BookHints{}, test::both_printers(), false, pixel);
    INFO(facts(measured));
    const PrinterBook* kdp = book_of(measured, "kdp");
    const PrinterBook* ingramspark = book_of(measured, "ingramspark");
    REQUIRE(kdp != nullptr);
    REQUIRE(ingramspark != nullptr);
    CHECK(kdp->book.pages == 300);
    CHECK(kdp->book.paper == "white");
    CHECK(kdp->guessed.empty());
    // IngramSpark at the same count, on the paper that fits it (12.924 in, 0.0027 in off).
    CHECK(ingramspark->book.pages == 300);
    CHECK(ingramspark->book.paper == "cream");
    CHECK(ingramspark->guessed.empty());

    // Taken as exact, the page is the closer books, each a guess.
    const auto exact = infer(page, BookHints{}, test::both_printers(), false);
    INFO(facts(exact));
    CHECK(book_of(exact, "kdp")->book.paper == "groundwood");
    CHECK_FALSE(book_of(exact, "kdp")->guessed.empty());

    // A vector cover of the exact size is unchanged by a precision it does not have.
    const auto vector = infer(Size::parse("12.9256x9.25in"), BookHints{}, test::both_printers(), false);
    CHECK(book_of(vector, "kdp")->book.pages == 300);
    CHECK(book_of(vector, "kdp")->book.paper == "white");
}
