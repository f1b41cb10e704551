#include "podcover/render/interior.hpp"

#include <cmath>

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>

#include "podcover/errors.hpp"
#include "podcover/names.hpp"

namespace podcover::render {
namespace {

// A box's size to the nearest 1/1000 pt, turned a quarter for /Rotate 90 or 270. Throws
// InputError for a box of no size, or one too large or not a number (a damaged file).
Size box_size(const std::filesystem::path& path, QPDFPageObjectHelper& page, bool& from_trim_box) {
    QPDFObjectHandle box = page.getObjectHandle().getKey("/TrimBox");
    from_trim_box = box.isRectangle();
    if (!from_trim_box)
        box = page.getMediaBox(true);
    const auto rect = box.getArrayAsRectangle();
    auto length = [&](double points) {
        const auto thousandths = Length::from_double(std::round(std::abs(points) * 1000), Unit::pt);
        if (!thousandths || *thousandths <= Length()) {
            const bool printable = std::isfinite(points) && std::abs(points) < 1e12;
            throw InputError(path.string() + ": a page's " +
                             (from_trim_box ? "TrimBox" : "MediaBox") + " is " +
                             (printable ? format_number(points, 3) + " pt" : "out of range") +
                             " across; the interior PDF is damaged: export it again");
        }
        return Length::from_units(thousandths->units() / 1000);
    };
    Size size{length(rect.urx - rect.llx), length(rect.ury - rect.lly)};
    auto rotate = page.getObjectHandle().getKey("/Rotate");
    if (rotate.isInteger() && (rotate.getIntValue() % 180) != 0)
        std::swap(size.width, size.height);
    return size;
}

}  // namespace

Interior read_interior(const std::filesystem::path& path) {
    if (!std::filesystem::is_regular_file(path)) {
        throw InputError(path.string() + ": interior PDF not found; check the path");
    }
    try {
        QPDF pdf;
        pdf.setSuppressWarnings(true);
        pdf.processFile(path.c_str());
        auto pages = QPDFPageDocumentHelper(pdf).getAllPages();
        if (pages.empty())
            throw InputError(path.string() + ": the interior PDF has no pages");
        Interior interior;
        interior.pages = static_cast<int>(pages.size());
        interior.page_size = box_size(path, pages.front(), interior.from_trim_box);
        for (auto& page : pages) {
            bool trim = false;
            if (box_size(path, page, trim) != interior.page_size)
                interior.uniform = false;
        }
        return interior;
    } catch (const InputError&) {
        throw;
    } catch (const std::exception& error) {
        throw InputError(path.string() + ": not a PDF podcover can read (" + error.what() + ")");
    }
}

}  // namespace podcover::render
