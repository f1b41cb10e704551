// The check as stages that pass values: read the PDF once (its structure, an inventory of
// what is drawn, the page's pixels when needed), locate the cover on the page, infer the book
// per printer from the cover's size, then run each printer's checks (checks.hpp) on the
// evidence read once.
#include "podcover/check/checker.hpp"

#include <algorithm>

#include "checks.hpp"
#include "ink_checks.hpp"
#include "podcover/errors.hpp"
#include "podcover/names.hpp"

namespace podcover::check {

const RenderedArea& PagePixels::page() {
    if (!page_) {
        const bool decoded = pdf_.decodes_itself();
        page_ = pdf_.render(decoded ? decoded_page_ppi : page_ppi, std::nullopt, 60'000'000,
                            CoverPdf::Fidelity::geometry);
        // A JPEG that would not decode is rendered by Poppler after all, at the resolution
        // vector pages get.
        if (decoded && !pdf_.decodes_itself())
            page_ = pdf_.render(page_ppi, std::nullopt, 60'000'000, CoverPdf::Fidelity::geometry);
    }
    return *page_;
}

void PagePixels::scan_barcodes(const Rect& area) {
    // Where the page's pixels show bars, and only there, at a resolution zbar reads: a cover
    // holds one bar code, and zbar's time (and a JPEG's decoding) grows with the pixels.
    const RenderedArea& seen = page();
    for (const Rect& window :
         barcode_candidates(seen.raster, seen.on_raster(area), barcode_quiet_zone)) {
        const Rect on_page = shifted(window, seen.origin_x, seen.origin_y);
        RenderedArea scanned =
            pdf_.render(barcode_ppi, on_page, 40'000'000, CoverPdf::Fidelity::geometry);
        for (FoundBarcode& code : find_barcodes(scanned.raster, scanned.on_raster(on_page))) {
            code.box = shifted(code.box, scanned.origin_x, scanned.origin_y);
            barcodes_.push_back(std::move(code));
        }
    }
}

Rect CoverEvidence::on_page(const Rect& cover_area) const {
    return shifted(cover_area, cover().x, cover().y);
}
Rect CoverEvidence::on_cover(const Rect& page_area) const {
    return shifted(page_area, Length() - cover().x, Length() - cover().y);
}
Rect CoverEvidence::on_page_raster(const Rect& cover_area) {
    return pixels.page().on_raster(on_page(cover_area));
}

void Findings::add(std::string code, Severity severity, std::string message,
                   std::optional<Rect> box) {
    check_.findings.push_back(Finding{std::move(code), severity, std::move(message), box});
}
bool Findings::has(const std::string& code) const {
    return std::any_of(check_.findings.begin(), check_.findings.end(),
                       [&](const Finding& f) { return f.code == code; });
}
void Findings::finish() {
    std::stable_sort(check_.findings.begin(), check_.findings.end(),
                     [](const Finding& a, const Finding& b) { return a.severity < b.severity; });
    check_.verdict = Verdict::pass;
    for (const auto& f : check_.findings) {
        if (f.severity == Severity::error)
            check_.verdict = Verdict::fail;
        if (f.severity == Severity::warning && check_.verdict == Verdict::pass)
            check_.verdict = Verdict::warn;
    }
}

Rect Placement::placed(const Rect& layout_rect) const {
    return shifted(layout_rect, check.offset_x, check.offset_y);
}

namespace {

// The size of the files a check reads (0 for those that are missing: opening them says so).
std::uintmax_t bytes_of(const std::vector<std::filesystem::path>& files) {
    std::uintmax_t total = 0;
    for (const auto& file : files) {
        std::error_code error;
        const std::uintmax_t bytes = std::filesystem::file_size(file, error);
        if (!error)
            total += bytes;
    }
    return total;
}

// The interior PDF's page count and trim, as hints (and what was read, for the report).
void read_interior(BookHints& hints, const std::vector<const PrinterSpec*>& printers,
                   Deadline deadline, std::vector<Inferred>& inferred) {
    const auto interior = CoverPdf::open(*hints.interior, deadline);
    const std::string name = hints.interior->filename().string();
    if (!hints.pages) {
        hints.pages = interior->pages();
        inferred.push_back({"pages", std::to_string(interior->pages()), "read from " + name});
    }
    if (!hints.trim) {
        const auto box = interior->trim_box();
        const InteriorTrim trim = interior_trim(box ? box->size() : interior->page_size(),
                                                box.has_value(), printers,
                                                hints.binding.value_or(Binding::paperback));
        hints.trim = trim.trim;
        inferred.push_back({"trim", size_text(trim.trim),
                            trim.note.empty()
                                ? std::string("the ") + (box ? "TrimBox" : "page size") + " of " +
                                      name
                                : name + ": " + trim.note});
    }
}

// The sheets the book the hints describe would have on each printer, when they tell it all.
std::vector<Size> expected_sheets(const BookHints& hints,
                                  const std::vector<const PrinterSpec*>& printers) {
    std::vector<Size> sheets;
    if (!hints.trim || !hints.pages)
        return sheets;
    for (const PrinterSpec* printer : printers) {
        const std::string& paper = hints.paper_for(printer->id);
        for (const auto& binding : printer->bindings) {
            if (hints.binding && binding.binding != *hints.binding)
                continue;
            for (const auto& id : paper.empty() ? binding.paper_ids(*printer)
                                                : std::vector<std::string>{paper}) {
                const auto result = compute_layout(
                    *printer, BookSpec{binding.binding, *hints.trim, *hints.pages, id});
                if (result.layout &&
                    std::find(sheets.begin(), sheets.end(), result.layout->sheet) == sheets.end())
                    sheets.push_back(result.layout->sheet);
            }
        }
    }
    return sheets;
}

// A printer's template PDF, read before `deadline`.
TemplateFacts read_template_pdf(const std::filesystem::path& path,
                                const std::vector<const PrinterSpec*>& printers,
                                Deadline deadline) {
    const auto pdf = CoverPdf::open(path, deadline);
    const Inventory inventory = pdf->inventory();
    auto facts =
        read_printer_template(pdf->page_size(), inventory.words, inventory.shapes, printers);
    if (!facts) {
        throw InputError(path.string() +
                         ": not a printer template podcover recognises (KDP's Cover Calculator "
                         "PDF or IngramSpark's template, with its text); give the template as the "
                         "printer sent it, or leave out --template");
    }
    return std::move(*facts);
}

}  // namespace

TemplateFacts read_printer_template_file(const std::filesystem::path& path,
                                         const std::vector<const PrinterSpec*>& printers,
                                         std::optional<std::chrono::milliseconds> time_limit) {
    return read_template_pdf(
        path, printers, Deadline::after(time_limit.value_or(check_time_limit(bytes_of({path})))));
}

namespace {

std::string template_name(const TemplateFacts& facts,
                          const std::vector<const PrinterSpec*>& printers) {
    for (const PrinterSpec* printer : printers) {
        if (printer->id == facts.printer_id)
            return printer->name + "'s template";
    }
    return facts.printer_id + "'s template";
}

void add_limits(CheckReport& report, const Inventory& inventory) {
    auto& limits = report.limits;
    if (report.pages > 1)
        limits.push_back("only the first page was checked");
    if (report.image_only) {
        limits.push_back(
            "the cover sets no text, only an image over nearly all of it (a flattened export, or "
            "text drawn as outlines over art): text positions are not known, so spine and fold "
            "checks work from its pixels and shapes, and text elsewhere is not checked against "
            "the safe zone");
    }
    limits.push_back(
        "ink is measured on Poppler's CMYK rendering of what the file sets in CMYK, gray and "
        "spot inks (spots through their alternate CMYK), averaged over 1 mm squares; RGB and "
        "Lab content is the printer's to convert and is not counted, nor known to be 100% K");
    limits.push_back(
        "small black text is judged by its colour as text: text drawn as outlines or in images "
        "is not; PDF/X is checked for its keys, output intent, boxes, colours, fonts and "
        "transparency, not by a full preflight; a supplied barcode's size is not checked (it is "
        "read, and its inks measured)");
    limits.push_back(
        "text inside images is seen only on the spine and in the fold bands, from the pixels");
    if (inventory.shapes_truncated) {
        limits.push_back("the drawing has more than " + std::to_string(Inventory::max_shapes) +
                         " shapes; only the largest were used to find edges");
    }
}

}  // namespace

std::string_view verdict_id(Verdict verdict) {
    switch (verdict) {
        case Verdict::pass:
            return "pass";
        case Verdict::warn:
            return "warn";
        case Verdict::fail:
            return "fail";
    }
    return "fail";
}

bool CheckReport::any_failed() const {
    if (printer_template && printer_template->is_template && printer_template->comparison &&
        !printer_template->comparison->matches)
        return true;
    return std::any_of(printers.begin(), printers.end(),
                       [](const PrinterCheck& p) { return p.verdict == Verdict::fail; });
}

namespace {

// The printer's template for the book: the PDF itself when it is one (its text), or the one
// --template gives; compared with podcover's numbers for its printer when that is checked.
std::optional<TemplateReport> read_template(const CheckRequest& request, const Size& page,
                                            const Inventory& inventory, Deadline deadline) {
    std::optional<TemplateReport> found;
    if (request.template_file) {
        found = TemplateReport{
            *request.template_file,
            read_template_pdf(*request.template_file, request.printers, deadline), {}, {}, false};
    } else if (auto facts = read_printer_template(page, inventory.words, inventory.shapes,
                                                  request.printers)) {
        found = TemplateReport{request.file, std::move(*facts), {}, {}, false};
    }
    if (!found)
        return found;
    found->printer_name = found->facts.printer_id;
    for (const PrinterSpec* printer : request.printers) {
        if (printer->id == found->facts.printer_id) {
            found->printer_name = printer->name;
            found->comparison = compare_with_podcover(found->facts, *printer);
        }
    }
    // Nothing but the template is drawn: the template itself, compared rather than checked.
    found->is_template = !request.template_file && is_bare_template(inventory, page);
    return found;
}

// "IngramSpark's template on this page", "IngramSpark's template (t.pdf)".
std::string template_source(const CheckRequest& request, const TemplateFacts& facts) {
    return template_name(facts, request.printers) +
           (request.template_file ? " (" + request.template_file->filename().string() + ")"
                                  : std::string(" on this page"));
}

// What the locate stage is given: the page, its boxes and inventory, its pixels on demand, the
// printers' books and template pages, and where a template puts the artwork.
LocateInput locate_input(const CheckRequest& request, const CheckReport& report,
                         const CoverPdf& pdf, const Inventory& inventory, PagePixels& pixels,
                         const BookHints& hints, const std::optional<TemplateReport>& from_template) {
    LocateInput where;
    where.page = report.page;
    if (from_template && from_template->facts.artwork_area) {
        const TemplateFacts& facts = from_template->facts;
        // The cover is on the template's page: the artwork goes where its marks say.
        if (!request.template_file || report.page.near(facts.page, size_tolerance)) {
            where.template_artwork = facts.artwork_area;
            where.template_printer = facts.printer_id;
            where.template_how = "the artwork area of " + template_source(request, facts) +
                                 (request.template_file ? ", whose page this is" : "") +
                                 ", from its marks";
        }
    }
    where.bleed_box = pdf.bleed_box();
    where.inventory = &inventory;
    where.page_pixels = [&pixels]() -> const RenderedArea& { return pixels.page(); };
    const std::vector<const PrinterSpec*>& printers = request.printers;
    where.plausible = [&printers, hints](const Size& size) {
        return plausible(size, hints, printers);
    };
    where.expected = expected_sheets(hints, printers);
    // A template's marks are its own book's, whatever the user says this book is: any book
    // the printers offer.
    where.books_of_size = [&printers](const Size& size, Length tolerance,
                                      const std::string& printer_id,
                                      std::optional<Binding> binding) {
        std::vector<const PrinterSpec*> chosen;
        for (const PrinterSpec* printer : printers) {
            if (printer_id.empty() || printer->id == printer_id)
                chosen.push_back(printer);
        }
        BookHints only;
        only.binding = binding;
        std::vector<Layout> layouts;
        for (const Candidate& c : fits(size, only, chosen, false)) {
            if (c.off > tolerance)
                continue;
            if (auto laid_out = compute_layout(*c.printer, c.book); laid_out.layout)
                layouts.push_back(std::move(*laid_out.layout));
        }
        return layouts;
    };
    for (const PrinterSpec* printer : printers) {
        for (const auto& binding : printer->bindings) {
            if (binding.template_page)
                where.template_pages.push_back({printer->id, binding.binding, *binding.template_page});
            for (const Length b : {binding.bleed.value, binding.wrap.value}) {
                if (b > Length())
                    where.bleeds.push_back(b);
            }
        }
    }
    return where;
}

// One flattened image: no text that prints, and an image covering nearly all of the cover.
bool image_only(const Inventory& inventory, const Rect& cover) {
    double covered = 0;
    for (const auto& image : inventory.images) {
        if (auto common = image.box.intersection(cover))
            covered = std::max(covered, area_in2(*common));
    }
    const bool no_text = std::all_of(inventory.words.begin(), inventory.words.end(),
                                     [](const Word& w) { return w.invisible(); });
    return no_text && covered >= 0.9 * area_in2(cover);
}

// How well a flattened cover's size is known: its page is a whole number of the image's
// pixels (pdftocairo, GIMP or Photoshop round 12.9256 in at 300 ppi to 3878 px, 12.9267 in),
// so a pixel either way. Zero for any other cover.
Length size_precision(const Inventory& inventory, const Rect& cover, bool flattened) {
    Length pixel;
    if (!flattened)
        return pixel;
    for (const auto& image : inventory.images) {
        const auto common = image.box.intersection(cover);
        if (!common || area_in2(*common) < 0.9 * area_in2(cover) || image.width_px <= 0 ||
            image.height_px <= 0)
            continue;
        pixel =
            max(pixel, max(image.box.width / image.width_px, image.box.height / image.height_px));
    }
    return pixel;
}

// A template page is one printer's form: the others take the cover cropped to its sheet, so
// they are not checked against this file.
void skip_other_printers(const Location& location, const std::vector<const PrinterSpec*>& printers,
                         Inference& inference, std::vector<Skipped>& skipped) {
    if (location.template_printer.empty())
        return;
    std::string owner = location.template_printer;
    for (const PrinterSpec* printer : printers) {
        if (printer->id == owner)
            owner = printer->name;
    }
    std::erase_if(inference.books, [&](const PrinterBook& b) {
        if (b.printer->id == location.template_printer)
            return false;
        skipped.push_back({b.printer->id, b.printer->name + ": not checked: the cover is on " +
                                              owner + "'s template page, which only " + owner +
                                              " takes (export the cover cropped to its sheet for " +
                                              b.printer->name + ")"});
        return true;
    });
}

// Each printer's book laid out, its sheet centred on the cover; refusals become findings.
PrinterCheck lay_out(const PrinterBook& book, const Rect& cover, ReadingDirection direction) {
    PrinterCheck check;
    check.printer = book.printer;
    check.book = book.book;
    check.notes = book.notes;
    if (!book.known || !book.unsized.empty())
        return check;
    LayoutResult laid_out = compute_layout(*book.printer, book.book);
    if (!laid_out.layout) {
        for (const auto& e : laid_out.errors)
            check.findings.push_back({"not-offered", Severity::error, e.message, {}});
        return check;
    }
    check.expected = direction == ReadingDirection::right_to_left
                         ? mirrored(std::move(*laid_out.layout))
                         : std::move(*laid_out.layout);
    for (const auto& n : check.expected->notes)
        check.notes.push_back(n.message);
    check.offset_x = (cover.width - check.expected->sheet.width) / 2;
    check.offset_y = (cover.height - check.expected->sheet.height) / 2;
    return check;
}

// Bar codes: one scan of where every printer looks; when the reading direction is not known,
// where it would look on a right-to-left book too.
void scan_barcodes(CoverEvidence& evidence, bool direction_known) {
    std::optional<Rect> look;
    const auto add = [&look](const Rect& area) { look = look ? united(*look, area) : area; };
    for (const auto& check : evidence.report.printers) {
        if (!check.expected)
            continue;
        add(barcode_look(Placement{check}));
        if (!direction_known) {
            PrinterCheck other = check;
            other.expected = mirrored(*check.expected);
            add(barcode_look(Placement{other}));
        }
    }
    const Rect page{Length(), Length(), evidence.report.page.width, evidence.report.page.height};
    if (look) {
        if (const auto on_page = evidence.on_page(*look).intersection(page))
            evidence.pixels.scan_barcodes(*on_page);
    }
}

// A flattened cover on a page far too large is most often its image at 72 or 96 ppi: a JPEG
// without a resolution (img2pdf takes 96 ppi), or ImageMagick's default of 72. Said with the
// size its pixels make at the printer's resolution, when a book fits that size.
std::string image_resolution_clue(const CoverEvidence& evidence, const PrinterSpec& printer) {
    if (!evidence.report.image_only)
        return "";
    // The printer's own resolution, or no clue: its number is named in the message.
    if (!printer.files.min_image_ppi)
        return "";
    const Rect& cover = evidence.cover();
    const int ppi = printer.files.min_image_ppi->value;
    for (const auto& image : evidence.inventory.images) {
        const auto common = image.box.intersection(cover);
        if (!common || area_in2(*common) < 0.9 * area_in2(cover) || image.width_px <= 0 ||
            image.height_px <= 0)
            continue;
        const Size at_ppi{Length::from_in(image.width_px) / ppi,
                          Length::from_in(image.height_px) / ppi};
        // The book as a cover of that size is inferred (each printer on its own paper).
        std::vector<const PrinterSpec*> printers;
        for (const auto& check : evidence.report.printers)
            printers.push_back(check.printer);
        const Inference inference =
            infer(at_ppi, BookHints{}, printers, false, Length::from_in(1) / ppi);
        const auto book =
            std::find_if(inference.books.begin(), inference.books.end(),
                         [&](const PrinterBook& b) { return b.printer == &printer && b.known; });
        if (book == inference.books.end() || book->book.pages == 0 ||
            !plausible(at_ppi, BookHints{}, {&printer}))
            return "";
        const std::string ppi_text = std::to_string(ppi) + " ppi";
        return ": the page is one image of " + std::to_string(image.width_px) + " \xC3\x97 " +
               std::to_string(image.height_px) + " px placed at " +
               std::to_string(static_cast<int>(image.pixels_per_inch + 0.5)) + " ppi, which at " +
               printer.name + "'s " + ppi_text + " is " + size_text(at_ppi) + ", the size of " +
               describe(Candidate{&printer, book->book, {}, {}}) + ": give the image " + ppi_text +
               " (img2pdf --imgsize, or ImageMagick's -density " + std::to_string(ppi) +
               " -units PixelsPerInch) and make the PDF again";
    }
    return "";
}

// One printer's checks, by the evidence they read, and its verdict.
void check_printer(CoverEvidence& evidence, PrinterCheck& check, const PrinterBook& book) {
    Findings findings(check);
    if (!book.known) {
        const std::string clue = image_resolution_clue(evidence, *check.printer);
        findings.add("book-unknown", Severity::error,
                     "podcover cannot tell the book's trim and page count from a cover of " +
                         size_text(evidence.cover().size()) +
                         (clue.empty() ? ": give --trim and --pages (or --interior)" : clue),
                     std::nullopt);
    } else if (!book.unsized.empty()) {
        findings.add("pages-uncertain", Severity::warning, "not sized or placed: " + book.unsized,
                     std::nullopt);
    } else {
        if (!book.guessed.empty())
            findings.add("pages-uncertain", Severity::warning, book.guessed, std::nullopt);
        if (check.expected) {
            const Placement placement{check};
            const std::size_t first_positional = check.findings.size();
            size_check(evidence, placement, findings);
            const bool spine_text = text_checks(evidence, placement, findings);
            template_visible_checks(evidence, placement, findings);
            image_checks(evidence, placement, findings);
            pixel_checks(evidence, placement, findings, spine_text);
            if (!evidence.cover().size().near(check.expected->sheet, size_tolerance)) {
                // Positions were measured on the printer's sheet centred on a cover of another
                // size: say so, since fixing the size may move them.
                for (std::size_t f = first_positional; f < check.findings.size(); ++f) {
                    if (check.findings[f].box && check.findings[f].code != "size-mismatch")
                        check.findings[f].message += " (measured on " + check.printer->name +
                                                     "'s sheet centred on this cover of another "
                                                     "size)";
                }
            }
        }
    }
    ink_checks(evidence, check, findings);
    file_checks(evidence, check, findings);
    findings.finish();
}

// A book's back cover holds its ISBN barcode: one found on the right-hand panel (and none on
// the left) is a right-to-left book's, whose front cover is on the left. Cover coordinates.
bool barcode_says_right_to_left(const CoverEvidence& evidence) {
    const PrinterCheck* laid_out = nullptr;
    for (const auto& check : evidence.report.printers)
        laid_out = laid_out ? laid_out : (check.expected ? &check : nullptr);
    if (!laid_out)
        return false;
    const Placement placement{*laid_out};
    const Rect left_back = placement.region("back");
    const Rect right_back = placement.placed(mirrored(*laid_out->expected).at("back").rect);
    bool left = false, right = false;
    for (const auto& code : evidence.pixels.barcodes()) {
        if (code.symbology.find("EAN-13") == std::string::npos &&
            code.symbology.find("ISBN") == std::string::npos)
            continue;
        const Rect box = evidence.on_cover(code.box);
        left = left || box.overlaps(left_back);
        right = right || box.overlaps(right_back);
    }
    return right && !left;
}

}  // namespace

std::unique_ptr<CoverCheck> CoverCheck::run(const CheckRequest& request) {
    auto result = std::unique_ptr<CoverCheck>(new CoverCheck());
    std::vector<std::filesystem::path> read_files{request.file};
    if (request.hints.interior)
        read_files.push_back(*request.hints.interior);
    if (request.template_file)
        read_files.push_back(*request.template_file);
    const Deadline deadline =
        Deadline::after(request.time_limit.value_or(check_time_limit(bytes_of(read_files))));
    result->pdf_ = CoverPdf::open(request.file, deadline);
    const CoverPdf& pdf = *result->pdf_;
    CheckReport& report = result->report_;

    // Read: once, for every printer.
    report.file = request.file;
    report.pages = pdf.pages();
    report.page = pdf.page_size();
    const Inventory inventory = pdf.inventory();
    const std::vector<FontUse> fonts = pdf.fonts();
    PagePixels pixels(pdf);
    BookHints hints = request.hints;
    std::vector<Inferred> read;
    if (hints.interior)
        read_interior(hints, request.printers, deadline, read);
    std::optional<TemplateReport> from_template =
        read_template(request, report.page, inventory, deadline);
    if (from_template && from_template->is_template) {
        report.cover = Rect{Length(), Length(), report.page.width, report.page.height};
        report.cover_found = "the whole page: " + template_name(from_template->facts,
                                                                request.printers) +
                             ", compared with podcover's numbers rather than checked as a cover";
        report.printer_template = std::move(from_template);
        return result;
    }
    if (from_template)
        hints_from_template(from_template->facts, template_source(request, from_template->facts),
                            hints, read);

    // Locate.
    const Location location = locate(
        locate_input(request, report, pdf, inventory, pixels, hints, from_template));
    report.cover = location.cover;
    report.cover_method = location.method;
    report.cover_found = location.how;
    report.image_only = image_only(inventory, report.cover);

    // Infer.
    Inference inference =
        infer(report.cover.size(), hints, request.printers, request.hints.binding.has_value(),
              size_precision(inventory, report.cover, report.image_only));
    report.inferred.push_back({"cover", size_text(report.cover.size()), report.cover_found});
    report.inferred.insert(report.inferred.end(), read.begin(), read.end());
    report.inferred.insert(report.inferred.end(), inference.inferred.begin(),
                           inference.inferred.end());
    report.fits = std::move(inference.fits);
    report.skipped = std::move(inference.skipped);
    skip_other_printers(location, request.printers, inference, report.skipped);

    // Check.
    const ReadingDirection direction = hints.direction.value_or(ReadingDirection::left_to_right);
    for (const PrinterBook& book : inference.books)
        report.printers.push_back(lay_out(book, report.cover, direction));
    report.printer_template = std::move(from_template);
    InkEvidence ink(request.file, deadline);
    CoverEvidence evidence{report, pdf, inventory, fonts, pixels,
                           template_labels(inventory.words), ink};
    scan_barcodes(evidence, hints.direction.has_value());
    if (hints.direction == ReadingDirection::right_to_left) {
        report.inferred.push_back({"direction", "right to left",
                                   "given: the front cover on the left, the back on the right"});
    } else if (!hints.direction && barcode_says_right_to_left(evidence)) {
        report.inferred.push_back(
            {"direction", "right to left",
             "the ISBN barcode is on the right-hand panel, so the back cover is on the right "
             "and the front on the left (give --direction ltr if the book reads left to "
             "right)"});
        for (std::size_t i = 0; i < report.printers.size(); ++i)
            report.printers[i] =
                lay_out(inference.books[i], report.cover, ReadingDirection::right_to_left);
    }
    for (std::size_t i = 0; i < report.printers.size(); ++i)
        check_printer(evidence, report.printers[i], inference.books[i]);
    add_limits(report, inventory);
    return result;
}

}  // namespace podcover::check
