#include "podcover/adapt/adapted_pdf.hpp"

#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFMatrix.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <algorithm>
#include <charconv>
#include <limits>

#include "podcover/errors.hpp"
#include "text_filter.hpp"

namespace podcover::adapt {
namespace {

// A number for a content stream, the same in every locale: fixed, at most `places` decimals.
std::string number(double value, int places) {
    char text[64];
    const auto [end, error] =
        std::to_chars(text, text + sizeof text, value, std::chars_format::fixed, places);
    std::string out(text, error == std::errc() ? end : text);
    if (out.find('.') != std::string::npos) {
        out.erase(out.find_last_not_of('0') + 1);
        if (out.back() == '.')
            out.pop_back();
    }
    return out == "-0" ? "0" : out;
}

QPDFObjectHandle pdf_box(double left, double bottom, double right, double top) {
    return QPDFObjectHandle::newArray(std::vector<QPDFObjectHandle>{
        QPDFObjectHandle::newReal(left, 4, true), QPDFObjectHandle::newReal(bottom, 4, true),
        QPDFObjectHandle::newReal(right, 4, true), QPDFObjectHandle::newReal(top, 4, true)});
}

// A rectangle of the target sheet as a PDF box on the page (points, origin bottom-left).
QPDFObjectHandle sheet_box(const Rect& on_sheet, const TargetPage& target) {
    const double page_top = target.page.height.pt();
    return pdf_box((target.sheet_x + on_sheet.left()).pt(),
                   page_top - (target.sheet_y + on_sheet.bottom()).pt(),
                   (target.sheet_x + on_sheet.right()).pt(),
                   page_top - (target.sheet_y + on_sheet.top()).pt());
}

// Where the form draws the source page as displayed: the bounds of its BBox (the MediaBox)
// under its /Matrix (the page's /Rotate, as qpdf sets it).
struct FormBounds {
    double min_x = 0, max_y = 0;
};
FormBounds form_bounds(QPDFObjectHandle form) {
    QPDFObjectHandle dict = form.getDict();
    const QPDFObjectHandle::Rectangle box = dict.getKey("/BBox").getArrayAsRectangle();
    QPDFMatrix matrix;
    if (dict.getKey("/Matrix").isMatrix())
        matrix = QPDFMatrix(dict.getKey("/Matrix").getArrayAsMatrix());
    FormBounds bounds{std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest()};
    for (const double x : {box.llx, box.urx}) {
        for (const double y : {box.lly, box.ury}) {
            double px = 0, py = 0;
            matrix.transform(x, y, px, py);
            bounds.min_x = std::min(bounds.min_x, px);
            bounds.max_y = std::max(bounds.max_y, py);
        }
    }
    return bounds;
}

// One placement: clipped to its part of the sheet, the form moved (and along x scaled) so
// that the source's anchor lands on the target's.
std::string placement_content(const Placement& p, const SourceSheet& source,
                              const FormBounds& bounds, const TargetPage& target,
                              const std::string& name) {
    const double page_top = target.page.height.pt();
    const double clip_x = (target.sheet_x + p.clip.left()).pt();
    const double clip_y = page_top - (target.sheet_y + p.clip.bottom()).pt();
    const double m = p.scale_x;
    const double e = (target.sheet_x + p.target_anchor).pt() -
                     m * (bounds.min_x + (source.x + p.source_anchor).pt());
    const double f = (target.page.height - target.sheet_y + source.y).pt() - bounds.max_y;
    return "q\n" + number(clip_x, 4) + " " + number(clip_y, 4) + " " +
           number(p.clip.width.pt(), 4) + " " + number(p.clip.height.pt(), 4) + " re W n\n" +
           number(m, 8) + " 0 0 1 " + number(e, 4) + " " + number(f, 4) + " cm\n" + name +
           " Do\nQ\n";
}

// A rectangle grown by `margin` on every side, and whether two rectangles touch (edges
// included: a glyph's origin is a point).
Rect grown(const Rect& r, Length margin) {
    return Rect::from_edges(r.left() - margin, r.top() - margin, r.right() + margin,
                            r.bottom() + margin);
}
bool touches(const Rect& a, const Rect& b) {
    return a.left() <= b.right() && b.left() <= a.right() && a.top() <= b.bottom() &&
           b.top() <= a.bottom();
}
Rect united(const Rect& a, const Rect& b) {
    return Rect::from_edges(min(a.left(), b.left()), min(a.top(), b.top()),
                            max(a.right(), b.right()), max(a.bottom(), b.bottom()));
}

// Where each piece of text prints on the source page: its glyphs' ink, or, when none of them
// has ink that is known (invisible text, outlines unknown), their origins. None for a piece
// without glyphs.
std::vector<std::optional<Rect>> text_areas(const PageTextPieces& text,
                                            const check::PageGlyphList& glyphs) {
    std::vector<std::optional<Rect>> inks(text.pieces.size()), origins(text.pieces.size());
    for (const check::Glyph& glyph : glyphs.glyphs) {
        const auto after = std::upper_bound(
            text.pieces.begin(), text.pieces.end(), glyph.char_pos,
            [](int pos, const TextPiece& piece) { return pos < piece.first_char; });
        if (after == text.pieces.begin())
            continue;
        const auto piece = std::prev(after);
        if (glyph.char_pos >= piece->end_char)
            continue;
        const auto j = static_cast<std::size_t>(piece - text.pieces.begin());
        const Rect origin{glyph.origin_x, glyph.origin_y, Length(), Length()};
        origins[j] = origins[j] ? united(*origins[j], origin) : origin;
        if (glyph.ink)
            inks[j] = inks[j] ? united(*inks[j], *glyph.ink) : *glyph.ink;
    }
    for (std::size_t j = 0; j < inks.size(); ++j) {
        if (!inks[j])
            inks[j] = origins[j];
    }
    return inks;
}

// What a placement shows of the source page: its clip, mapped back onto the source.
Rect shown_on_source(const Placement& p, const SourceSheet& source) {
    auto back = [&](Length target_x) {
        const double units = static_cast<double>((target_x - p.target_anchor).units()) / p.scale_x;
        return p.source_anchor + Length::from_units(static_cast<Length::rep>(units));
    };
    return Rect::from_edges(source.x + back(p.clip.left()), source.y + p.clip.top(),
                            source.x + back(p.clip.right()), source.y + p.clip.bottom());
}

// A copy of the form drawing the page's content without some pieces of its text.
QPDFObjectHandle form_with_content(QPDF& pdf, QPDFObjectHandle form, const ContentCopy& copy) {
    QPDFObjectHandle result = QPDFObjectHandle::newStream(&pdf, copy.content);
    QPDFObjectHandle dict = form.getDict();
    for (const auto& key : dict.getKeys()) {
        if (key != "/Length" && key != "/Filter" && key != "/DecodeParms")
            result.getDict().replaceKey(key, dict.getKey(key));
    }
    QPDFObjectHandle resources = copy.resources;
    if (resources.isDictionary())
        result.getDict().replaceKey("/Resources", resources);
    return result;
}

std::string write(QPDF& pdf) {
    QPDFWriter writer(pdf);
    writer.setOutputMemory();
    // No stream is decoded, so none is re-encoded: the source's images and fonts keep their
    // bytes (only streams without any filter, such as the new content, are compressed).
    writer.setDecodeLevel(qpdf_dl_none);
    writer.setObjectStreamMode(qpdf_o_generate);
    writer.setDeterministicID(true);
    writer.write();
    auto buffer = writer.getBufferSharedPointer();
    return std::string(reinterpret_cast<const char*>(buffer->getBuffer()), buffer->getSize());
}

AdaptedPdf compose(const SourceSheet& source, const SpinePlan& plan, const TargetPage& target,
                   const check::PageGlyphList* glyphs,
                   std::chrono::steady_clock::time_point until) {
    AdaptedPdf result;
    QPDF in;
    in.setSuppressWarnings(true);
    in.processFile(source.file.c_str());
    auto pages = QPDFPageDocumentHelper(in).getAllPages();
    if (pages.empty())
        throw InputError(source.file.string() + ": the PDF has no page to adapt");
    QPDFPageObjectHelper page = pages.front();

    // Everything before copying: qpdf copies an object once, as it is then.
    QPDFObjectHandle form = page.getFormXObjectForPage(true);
    // The whole page, bleed and template margin included (qpdf bounds the form by the
    // TrimBox); the clips choose what shows.
    form.getDict().replaceKey("/BBox", page.getAttribute("/MediaBox", false).shallowCopy());
    const FormBounds bounds = form_bounds(form);
    // Each placement's own copy of the page, without the pieces of text it clips away entirely
    // (their glyphs matched to the content by character position; when the count of the
    // content's text differs from the glyphs', every placement draws all of it).
    std::vector<QPDFObjectHandle> forms(plan.placements.size(), form);
    if (glyphs && glyphs->complete && plan.placements.size() > 1) {
        const PageTextPieces text = text_pieces(page, until);
        result.text_pieces = static_cast<int>(text.pieces.size());
        if (!text.pieces.empty() && text.complete && text.char_count == glyphs->char_count) {
            const auto areas = text_areas(text, *glyphs);
            constexpr Length margin = Length::from_units(Length::units_per_in / 100);
            std::vector<QPDFObjectHandle> separated = forms;
            bool done = true;
            for (std::size_t i = 0; i < plan.placements.size() && done; ++i) {
                const Rect shown = grown(shown_on_source(plan.placements[i], source), margin);
                std::vector<bool> keep(areas.size(), true);
                bool all = true;
                for (std::size_t j = 0; j < areas.size(); ++j) {
                    keep[j] = !areas[j] || touches(*areas[j], shown);
                    all = all && keep[j];
                }
                if (all)
                    continue;
                const auto copy = content_without_text(in, page, text, keep, until);
                done = copy.has_value();
                if (copy)
                    separated[i] = form_with_content(in, form, *copy);
            }
            if (done) {
                forms = std::move(separated);
                result.text_separated = true;
            }
        }
    }
    QPDFObjectHandle layers = in.getRoot().getKey("/OCProperties");
    if (layers.isDictionary() && !layers.isIndirect())
        layers = in.makeIndirectObject(layers);
    QPDFObjectHandle group = page.getObjectHandle().getKey("/Group");
    if (group.isDictionary() && !group.isIndirect())
        group = in.makeIndirectObject(group);

    QPDF out;
    out.emptyPDF();
    QPDFObjectHandle xobjects = QPDFObjectHandle::newDictionary();
    std::string content;
    for (std::size_t i = 0; i < plan.placements.size(); ++i) {
        const std::string name = "/Fx" + std::to_string(i);
        xobjects.replaceKey(name, out.copyForeignObject(forms[i]));
        content += placement_content(plan.placements[i], source, bounds, target, name);
    }
    QPDFObjectHandle resources = QPDFObjectHandle::newDictionary();
    resources.replaceKey("/XObject", xobjects);

    QPDFObjectHandle dict = QPDFObjectHandle::newDictionary();
    dict.replaceKey("/Type", QPDFObjectHandle::newName("/Page"));
    dict.replaceKey("/MediaBox", pdf_box(0, 0, target.page.width.pt(), target.page.height.pt()));
    dict.replaceKey("/TrimBox", sheet_box(target.trim, target));
    dict.replaceKey("/BleedBox", sheet_box(Rect{Length(), Length(), plan.target_sheet.width,
                                                plan.target_sheet.height},
                                           target));
    dict.replaceKey("/Resources", resources);
    dict.replaceKey("/Contents", QPDFObjectHandle::newStream(&out, content));
    if (group.isDictionary())
        dict.replaceKey("/Group", out.copyForeignObject(group));
    QPDFPageDocumentHelper(out).addPage(QPDFPageObjectHelper(out.makeIndirectObject(dict)), false);
    if (layers.isDictionary())
        out.getRoot().replaceKey("/OCProperties", out.copyForeignObject(layers));

    // The source's title and author; the rest says what made the file.
    QPDFObjectHandle info = QPDFObjectHandle::newDictionary();
    QPDFObjectHandle source_info = in.getTrailer().getKey("/Info");
    for (const char* key : {"/Title", "/Author", "/Subject", "/Keywords"}) {
        if (source_info.isDictionary() && source_info.getKey(key).isString())
            info.replaceKey(
                key, QPDFObjectHandle::newUnicodeString(source_info.getKey(key).getUTF8Value()));
    }
    info.replaceKey("/Creator", QPDFObjectHandle::newUnicodeString("podcover adapt"));
    info.replaceKey("/Producer", QPDFObjectHandle::newUnicodeString("podcover (qpdf)"));
    out.getTrailer().replaceKey("/Info", out.makeIndirectObject(info));
    result.bytes = write(out);
    return result;
}

}  // namespace

AdaptedPdf adapted_pdf(const SourceSheet& source, const SpinePlan& plan, const TargetPage& target,
                       const check::PageGlyphList* glyphs,
                       std::chrono::steady_clock::time_point until) {
    try {
        return compose(source, plan, target, glyphs, until);
    } catch (const Error&) {
        throw;
    } catch (const std::exception& error) {
        // qpdf throws QPDFExc for damaged files and std::runtime_error or logic_error for
        // objects it cannot use (a page without contents it can read).
        throw InputError(source.file.string() + ": qpdf cannot copy its page (" + error.what() +
                         "); export the cover again");
    }
}

}  // namespace podcover::adapt
