#include "content_limits.hpp"

#include <Annot.h>
#include <Dict.h>
#include <Object.h>
#include <PDFDoc.h>
#include <Page.h>
#include <Parser.h>
#include <Stream.h>
#include <XRef.h>
#include <goo/GooString.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

namespace podcover::check {
namespace {

using Count = std::uint64_t;
constexpr Count count_max = std::numeric_limits<Count>::max();

Count plus(Count a, Count b) {
    return a > count_max - b ? count_max : a + b;
}
Count times(Count a, Count b) {
    return b != 0 && a > count_max / b ? count_max : a * b;
}

std::string grouped(Count value) {
    return grouped_count(value);
}

// What drawing a content stream costs, each form and Type 3 glyph counted as often as drawn.
struct Cost {
    Count operators = 0;
    Count content_bytes = 0;
    Count glyphs = 0;
    Count image_bytes = 0;
    int depth = 0;  // saved states deep, relative to where it is drawn

    // `other` drawn `repeats` times, `at_depth` states deep.
    void add(const Cost& other, int at_depth, Count repeats = 1) {
        operators = plus(operators, times(other.operators, repeats));
        content_bytes = plus(content_bytes, times(other.content_bytes, repeats));
        glyphs = plus(glyphs, times(other.glyphs, repeats));
        image_bytes = plus(image_bytes, times(other.image_bytes, repeats));
        if (repeats > 0)
            depth = std::max(depth, at_depth + other.depth);
    }
};

// The current font as the graphics state holds it (resolved where Tf set it, carried into the
// forms and glyphs drawn after): what showing one glyph in it draws, for a Type 3 font.
struct FontState {
    int id = -1;  // the Type 3 font's object number; -1 for any other font (or none)
    Cost glyph;   // its costliest glyph procedure

    bool type3() const { return id != -1; }
};

// A resource dictionary and those it falls back on: a form without /Resources uses its caller's.
struct Scope {
    Dict* resources = nullptr;
    const Scope* parent = nullptr;
    int id = -1;  // what the resources belong to: an object number, or -1 for the page

    // The entry `name` of the category ("XObject", "Font", ...), and its reference if it is one.
    std::pair<Object, Ref> lookup(const char* category, const char* name) const {
        for (const Scope* scope = this; scope; scope = scope->parent) {
            if (!scope->resources)
                continue;
            Object entries = scope->resources->lookup(category);
            if (!entries.isDict())
                continue;
            const Object& reference = entries.dictLookupNF(name);
            if (reference.isNull())
                continue;
            return {entries.dictLookup(name),
                    reference.isRef() ? reference.getRef() : Ref::INVALID()};
        }
        return {Object(objNull), Ref::INVALID()};
    }
};

// Entries of an image dictionary, by full or inline (abbreviated) name.
Object entry(Dict* dict, const char* name, const char* abbreviation) {
    Object value = dict->lookup(name);
    if (value.isNull() && abbreviation)
        value = dict->lookup(abbreviation);
    return value;
}

int integer(const Object& value) {
    if (value.isInt())
        return value.getInt();
    if (value.isReal() && std::isfinite(value.getReal()) && std::abs(value.getReal()) < 2e9)
        return static_cast<int>(value.getReal());
    return 0;
}

// Components of a colour space (as in an image's /ColorSpace), 4 when it cannot be told.
int components(const Object& space, const Scope& scope, int depth = 0) {
    if (depth > 8)
        return 4;
    if (space.isName()) {
        const std::string name = space.getName();
        if (name == "DeviceGray" || name == "G" || name == "CalGray" || name == "Indexed" ||
            name == "I" || name == "Separation")
            return 1;
        if (name == "DeviceRGB" || name == "RGB" || name == "CalRGB" || name == "Lab")
            return 3;
        if (name == "DeviceCMYK" || name == "CMYK")
            return 4;
        auto [named, ref] = scope.lookup("ColorSpace", space.getName());
        return named.isNull() ? 4 : components(named, scope, depth + 1);
    }
    if (space.isArray() && space.arrayGetLength() > 0) {
        const Object family = space.arrayGet(0);
        if (family.isName("Indexed") || family.isName("I") || family.isName("Separation") ||
            family.isName("CalGray"))
            return 1;
        if (family.isName("CalRGB") || family.isName("Lab"))
            return 3;
        if (family.isName("ICCBased") && space.arrayGetLength() > 1) {
            const Object profile = space.arrayGet(1);
            if (profile.isStream()) {
                const int n = integer(profile.streamGetDict()->lookup("N"));
                if (n >= 1 && n <= 32)
                    return n;
            }
        }
        if (family.isName("DeviceN") && space.arrayGetLength() > 1) {
            const Object names = space.arrayGet(1);
            if (names.isArray())
                return std::clamp(names.arrayGetLength(), 1, 32);
        }
        if (family.isName() && space.arrayGetLength() == 1)
            return components(family, scope, depth + 1);
    }
    return 4;
}

// The size an image's own data gives, which its decoder uses whatever the dictionary says: a
// JPEG's frame header, a JPEG 2000 codestream's SIZ marker (its width, height, components).
struct DataSize {
    Count width = 0;
    Count height = 0;
    int components = 0;
    bool progressive = false;
};

std::vector<unsigned char> first_bytes(Stream* stream, int count) {
    std::vector<unsigned char> bytes(static_cast<std::size_t>(count));
    if (!stream)
        return {};
    stream->reset();
    const int read = stream->doGetChars(count, bytes.data());
    stream->close();
    bytes.resize(static_cast<std::size_t>(std::max(read, 0)));
    return bytes;
}

unsigned big_endian(const std::vector<unsigned char>& bytes, std::size_t at, int size) {
    unsigned value = 0;
    for (int i = 0; i < size; ++i)
        value = value << 8 | bytes[at + static_cast<std::size_t>(i)];
    return value;
}

std::optional<DataSize> jpeg_frame_size(const std::vector<unsigned char>& bytes) {
    std::size_t at = 0;
    while (at + 1 < bytes.size()) {
        if (bytes[at] != 0xFF) {
            ++at;
            continue;
        }
        const unsigned char marker = bytes[at + 1];
        if (marker == 0xFF) {
            ++at;
            continue;
        }
        at += 2;
        // Markers without a length: start of image, restarts, TEM.
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7) ||
            marker == 0x00)
            continue;
        if (at + 2 > bytes.size())
            return std::nullopt;
        const unsigned length = big_endian(bytes, at, 2);
        const bool frame =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (frame) {
            if (at + 8 > bytes.size())
                return std::nullopt;
            const bool progressive =
                marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE;
            return DataSize{big_endian(bytes, at + 5, 2), big_endian(bytes, at + 3, 2),
                            bytes[at + 7], progressive};
        }
        at += length;
    }
    return std::nullopt;
}

std::optional<DataSize> jpeg2000_size(const std::vector<unsigned char>& bytes) {
    // SOC then SIZ: Lsiz, Rsiz, Xsiz, Ysiz, XOsiz, YOsiz, XTsiz, YTsiz, XTOsiz, YTOsiz, Csiz
    // (ISO/IEC 15444-1, A.5.1), in a bare codestream or a JP2 file's codestream box.
    for (std::size_t at = 0; at + 42 <= bytes.size(); ++at) {
        if (bytes[at] != 0xFF || bytes[at + 1] != 0x4F || bytes[at + 2] != 0xFF ||
            bytes[at + 3] != 0x51)
            continue;
        const std::size_t siz = at + 4;
        const Count x = big_endian(bytes, siz + 4, 4), y = big_endian(bytes, siz + 8, 4);
        const Count x0 = big_endian(bytes, siz + 12, 4), y0 = big_endian(bytes, siz + 16, 4);
        return DataSize{x > x0 ? x - x0 : 0, y > y0 ? y - y0 : 0,
                        static_cast<int>(big_endian(bytes, siz + 36, 2))};
    }
    return std::nullopt;
}

// Content streams (a page's may be an array of them) read as one, as Poppler's lexer reads
// them, and counted: past `limit` decoded bytes, or once the deadline passes, reading ends
// there (end of file) and says why. The lexer owns it (Object(Stream*)); the parts stay the
// caller's.
class CountedContent final : public Stream {
  public:
    CountedContent(std::vector<Stream*> parts, Count limit, const Deadline& deadline)
        : parts_(std::move(parts)), limit_(limit), deadline_(deadline) {}

    bool over_limit() const { return over_limit_; }
    bool timed_out() const { return timed_out_; }
    Count bytes() const { return bytes_; }

    StreamKind getKind() const override { return strWeird; }
    void reset() override {
        part_ = 0;
        if (!parts_.empty())
            parts_[0]->reset();
    }
    void close() override {
        if (part_ < parts_.size())
            parts_[part_]->close();
    }
    int getChar() override {
        const int c = next(false);
        if (c != EOF && ++bytes_ % 65536 == 0)
            watch();
        return c;
    }
    int lookChar() override { return next(true); }
    int getUnfilteredChar() override { return getChar(); }
    void unfilteredReset() override { reset(); }
    Goffset getPos() override { return static_cast<Goffset>(bytes_); }
    void setPos(Goffset, int) override {}
    bool isBinary(bool) const override { return false; }
    BaseStream* getBaseStream() override {
        return part_ < parts_.size() ? parts_[part_]->getBaseStream() : nullptr;
    }
    Stream* getUndecodedStream() override { return this; }
    Dict* getDict() override { return nullptr; }
    Object* getDictObject() override { return nullptr; }

  private:
    std::vector<Stream*> parts_;
    std::size_t part_ = 0;
    Count limit_;
    const Deadline& deadline_;
    Count bytes_ = 0;
    bool over_limit_ = false;
    bool timed_out_ = false;

    int next(bool look) {
        if (over_limit_ || timed_out_)
            return EOF;
        while (part_ < parts_.size()) {
            const int c = look ? parts_[part_]->lookChar() : parts_[part_]->getChar();
            if (c != EOF)
                return c;
            parts_[part_]->close();
            if (++part_ < parts_.size())
                parts_[part_]->reset();
        }
        return EOF;
    }
    void watch() {
        if (bytes_ > limit_)
            over_limit_ = true;
        else if (deadline_.passed())
            timed_out_ = true;
    }
};

class Scanner {
  public:
    Scanner(PDFDoc& doc, const std::string& file, const Deadline& deadline,
            const ContentLimits& limits)
        : xref_(doc.getXRef()), file_(file), deadline_(deadline), limits_(limits) {}

    ContentCost page(Page& page, int page_number) {
        where_ = file_ + ": page " + std::to_string(page_number);
        Scope scope{page.getResourceDict(), nullptr, -1};
        Object contents = page.getContents();
        Cost cost = content(contents, scope, 0, FontState{});
        annotations(page, scope, cost);
        check_page(cost);
        ContentCost counted;
        counted.operators = cost.operators;
        counted.content_bytes = cost.content_bytes;
        counted.glyphs = cost.glyphs;
        counted.image_bytes = cost.image_bytes;
        counted.save_depth = cost.depth;
        counted.largest_image_pixels = largest_image_pixels_;
        return counted;
    }

  private:
    XRef* xref_;
    std::string file_;
    std::string where_;
    const Deadline& deadline_;
    const ContentLimits& limits_;
    // Forms by (object number, resources they fall back on, the Type 3 font they start with and
    // its glyphs' cost), Type 3 fonts' costliest glyph.
    std::map<std::tuple<int, int, int, Count>, Cost> forms_;
    std::map<int, Cost> type3_glyphs_;
    std::set<int> drawing_;   // forms being counted: Poppler does not draw a form inside itself
    std::set<int> shadings_;  // mesh shadings read
    int form_depth_ = 0;
    Count tokens_ = 0;  // read by the scan itself, which must stay bounded too
    Count largest_image_pixels_ = 0;

    [[noreturn]] void refuse(const std::string& limit, const std::string& what) const {
        throw LimitError(limit, where_ + " " + what);
    }
    [[noreturn]] void refuse_damaged(const std::string& limit, const std::string& what) const {
        refuse(limit,
               what + "; the PDF is damaged or built to exhaust readers: export the cover again");
    }

    void check_page(const Cost& cost) const {
        if (cost.operators > limits_.operators)
            refuse_damaged("operators", "takes more than " + grouped(limits_.operators) +
                                            " drawing operators as drawn (a form or Type 3 "
                                            "glyph counts each time it is drawn)");
        if (cost.content_bytes > limits_.content_bytes)
            refuse_damaged("content-bytes", "decodes more than " + grouped(limits_.content_bytes) +
                                                " bytes of content as drawn (a form counts each "
                                                "time it is drawn)");
        if (cost.glyphs > limits_.glyphs)
            refuse_damaged("glyphs", "shows more than " + grouped(limits_.glyphs) +
                                         " characters as drawn (a form counts each time it is "
                                         "drawn)");
        if (cost.image_bytes > limits_.drawn_image_bytes)
            refuse("drawn-image-bytes",
                   "decodes more than " + grouped(limits_.drawn_image_bytes) +
                       " bytes of images as drawn (an image or form counts each time it is "
                       "drawn); podcover refuses it before decoding: draw each image once, at "
                       "the resolution print needs (300 ppi)");
        if (cost.depth > limits_.save_depth)
            refuse_damaged("save-depth", "nests saved graphics states (q) and forms more than " +
                                             grouped(static_cast<Count>(limits_.save_depth)) +
                                             " deep");
    }

    void tick() {
        if (++tokens_ % 4096 == 0) {
            if (deadline_.passed())
                throw deadline_.error(file_);
            if (tokens_ > limits_.operators * 4)
                refuse_damaged("operators", "takes more than " + grouped(limits_.operators) +
                                                " drawing operators to read");
        }
    }

    // A page's or form's content: a stream, or (a page's) an array of streams.
    Cost content(Object& contents, const Scope& scope, int depth_at, const FontState& font) {
        Cost cost;
        std::vector<Object> parts;
        std::vector<Stream*> streams;
        if (contents.isArray()) {
            for (int i = 0; i < contents.arrayGetLength(); ++i) {
                parts.push_back(contents.arrayGet(i));
                if (!parts.back().isStream())
                    return cost;  // Gfx draws nothing of such a page
                streams.push_back(parts.back().getStream());
            }
        } else if (contents.isStream()) {
            streams.push_back(contents.getStream());
        } else {
            return cost;
        }
        auto* counted = new CountedContent(std::move(streams), limits_.content_bytes, deadline_);
        {
            Parser parser(xref_, counted, false);  // owns `counted`
            operators(parser, scope, depth_at, font, cost);
            cost.content_bytes = counted->bytes();
            if (counted->timed_out())
                throw deadline_.error(file_);
            if (counted->over_limit() || counted->bytes() > limits_.content_bytes)
                refuse_damaged("content-bytes", "has content that decodes to more than " +
                                                    grouped(limits_.content_bytes) + " bytes");
        }
        return cost;
    }

    // Gfx::go's loop: operands gathered (at most 33, as Gfx keeps), then the operator.
    // `font`: the font the graphics state holds when the content starts (a form draws text in
    // its caller's font until it sets one).
    void operators(Parser& parser, const Scope& scope, int depth_at, FontState font, Cost& cost) {
        std::vector<Object> operands;
        std::vector<FontState> saved_fonts;  // the font is part of the state q saves
        int depth = 0;
        Count segments = 0;
        for (Object token = parser.getObj(); !token.isEOF(); token = parser.getObj()) {
            tick();
            if (!token.isCmd()) {
                if (operands.size() < 33)
                    operands.push_back(std::move(token));
                continue;
            }
            const std::string op = token.getCmd();
            cost.operators = plus(cost.operators, 1);
            if (op == "q") {
                ++depth;
                cost.depth = std::max(cost.depth, depth);
                if (depth_at + depth > limits_.save_depth)
                    check_page(Cost{0, 0, 0, 0, depth_at + depth});
                saved_fonts.push_back(font);
            } else if (op == "Q") {
                depth = std::max(0, depth - 1);
                if (!saved_fonts.empty()) {
                    font = std::move(saved_fonts.back());
                    saved_fonts.pop_back();
                }
            } else if (op == "m" || op == "l" || op == "c" || op == "v" || op == "y" || op == "h" ||
                       op == "re") {
                segments += op == "re" ? 5 : 1;
                if (segments > limits_.path_segments)
                    refuse_damaged(
                        "path-segments",
                        "has a path of more than " + grouped(limits_.path_segments) + " segments");
            } else if (op == "S" || op == "s" || op == "f" || op == "F" || op == "f*" ||
                       op == "B" || op == "B*" || op == "b" || op == "b*" || op == "n") {
                segments = 0;
            } else if (op == "Do" && !operands.empty() && operands.back().isName()) {
                draw_xobject(operands.back().getName(), scope, depth_at + depth, font, cost);
            } else if (op == "BI") {
                inline_image(parser, scope, cost);
            } else if (op == "Tf" && operands.size() >= 2 &&
                       operands[operands.size() - 2].isName()) {
                font = resolved_font(operands[operands.size() - 2].getName(), scope);
            } else if ((op == "Tj" || op == "'" || op == "\"" || op == "TJ") && !operands.empty()) {
                show_text(operands.back(), font, depth_at + depth, cost);
            } else if (op == "gs" && !operands.empty() && operands.back().isName()) {
                soft_mask(operands.back().getName(), scope, depth_at + depth, font, cost);
            } else if (op == "sh" && !operands.empty() && operands.back().isName()) {
                auto [shading, ref] = scope.lookup("Shading", operands.back().getName());
                check_shading(shading, ref);
            } else if ((op == "scn" || op == "SCN") && !operands.empty() &&
                       operands.back().isName()) {
                pattern(operands.back().getName(), scope, depth_at + depth, font, cost);
            }
            operands.clear();
            if (cost.operators % 1024 == 0)
                check_page(cost);
        }
    }

    void draw_xobject(const char* name, const Scope& scope, int depth_at, const FontState& font,
                      Cost& cost) {
        auto [xobject, ref] = scope.lookup("XObject", name);
        if (!xobject.isStream())
            return;
        Dict* dict = xobject.streamGetDict();
        const Object subtype = dict->lookup("Subtype");
        if (subtype.isName("Image")) {
            image(dict, xobject.getStream(), scope, false, cost);
            for (const char* mask : {"SMask", "Mask"}) {
                Object masking = dict->lookup(mask);
                if (masking.isStream())
                    image(masking.streamGetDict(), masking.getStream(), scope, false, cost);
            }
        } else if (subtype.isName("Form")) {
            cost.add(form(xobject, ref, scope, font), depth_at + 1);
            check_page(cost);
        }
    }

    // A form's cost, counted once for each form and caller. Its resources come first, then
    // its caller's (Poppler's resource stack: a form without /Resources uses its caller's).
    Cost form(Object& stream, Ref ref, const Scope& caller, const FontState& font) {
        Object resources = stream.streamGetDict()->lookup("Resources");
        const int id = ref == Ref::INVALID() ? -2 : ref.num;
        const std::tuple<int, int, int, Count> key{id, caller.id, font.id, font.glyph.operators};
        if (id >= 0) {
            if (auto found = forms_.find(key); found != forms_.end())
                return found->second;
            // Poppler does not draw a form inside itself.
            if (drawing_.count(id))
                return {};
        }
        // Nor forms nested deeper than this (Gfx::display).
        if (form_depth_ > 100)
            return {};
        ++form_depth_;
        if (id >= 0)
            drawing_.insert(id);
        const Scope scope{resources.isDict() ? resources.getDict() : nullptr, &caller,
                          resources.isDict() && id >= 0 ? id : caller.id};
        Cost cost = content(stream, scope, 0, font);
        if (id >= 0) {
            drawing_.erase(id);
            forms_.emplace(key, cost);
        }
        --form_depth_;
        return cost;
    }

    // An image's size, refused before anything decodes it when over the limits.
    void image(Dict* dict, Stream* stream, const Scope& scope, bool inline_image, Cost& cost) {
        const Count width = static_cast<Count>(std::max(0, integer(entry(dict, "Width", "W"))));
        const Count height = static_cast<Count>(std::max(0, integer(entry(dict, "Height", "H"))));
        if (width == 0 || height == 0)
            return;  // Gfx draws nothing
        const Object mask = entry(dict, "ImageMask", inline_image ? "IM" : nullptr);
        const bool is_mask = mask.isBool() && mask.getBool();
        Count bits = is_mask ? 1
                             : static_cast<Count>(std::clamp(
                                   integer(entry(dict, "BitsPerComponent", "BPC")), 1, 16));
        int colours = is_mask ? 1 : components(entry(dict, "ColorSpace", "CS"), scope);
        Count data_width = width, data_height = height;
        Count bytes_per_sample_factor = 1;
        if (stream && !inline_image) {
            const StreamKind kind = stream->getKind();
            if (kind == strDCT || kind == strJPX) {
                const auto head = first_bytes(stream->getNextStream(), 65536);
                const auto data = kind == strDCT ? jpeg_frame_size(head) : jpeg2000_size(head);
                if (data) {
                    data_width = std::max(data_width, data->width);
                    data_height = std::max(data_height, data->height);
                    colours = std::max(colours, data->components);
                    if (data->progressive)
                        bytes_per_sample_factor = 2;
                }
                if (kind == strJPX) {
                    bits = 8;
                    bytes_per_sample_factor = 4;
                }
            }
        }
        const Count pixels = times(data_width, data_height);
        largest_image_pixels_ = std::max(largest_image_pixels_, pixels);
        const Count bytes =
            times(times(data_height,
                        (times(times(data_width, static_cast<Count>(colours)), bits) + 7) / 8),
                  bytes_per_sample_factor);
        const std::string size =
            "an image of " + grouped(data_width) + " \xC3\x97 " + grouped(data_height) + " px";
        if (pixels > limits_.image_pixels) {
            refuse("image-pixels", "draws " + size + " (" + grouped(pixels) +
                                       " pixels), more than the " + grouped(limits_.image_pixels) +
                                       " podcover decodes; it was not decoded: export the art at "
                                       "the resolution print needs (300 ppi)");
        }
        if (inline_image && bytes > limits_.inline_image_bytes) {
            refuse("inline-image-bytes",
                   "draws an inline image (BI ... ID ... EI) of " + grouped(data_width) +
                       " \xC3\x97 " + grouped(data_height) + " px that decodes to " +
                       grouped(bytes) + " bytes, more than the " +
                       grouped(limits_.inline_image_bytes) +
                       " podcover reads inside a page's content; export the cover again");
        }
        if (bytes > limits_.image_bytes) {
            refuse("image-bytes", "draws " + size + " that decodes to " + grouped(bytes) +
                                      " bytes, more than the " + grouped(limits_.image_bytes) +
                                      " podcover decodes; it was not decoded: export the art at "
                                      "the resolution print needs (300 ppi)");
        }
        cost.image_bytes = plus(cost.image_bytes, bytes);
        if (cost.image_bytes > limits_.drawn_image_bytes)
            check_page(cost);
    }

    // BI <dictionary> ID <data> EI, read as Gfx reads it (Gfx::buildImageStream, doImage and
    // opBeginImage): the data as far as the image needs it, then up to "EI".
    void inline_image(Parser& parser, const Scope& scope, Cost& cost) {
        Object dict(new Dict(xref_));
        Object token = parser.getObj();
        while (!token.isCmd("ID") && !token.isEOF()) {
            tick();
            if (token.isName()) {
                Object value = parser.getObj();
                if (value.isEOF() || value.isError())
                    break;
                dict.dictAdd(token.getName(), std::move(value));
            }
            token = parser.getObj();
        }
        if (token.isEOF() || !parser.getStream())
            return;
        Dict* d = dict.getDict();
        image(d, nullptr, scope, true, cost);
        // What a device reads of the data: rows of whole bytes.
        const Object mask = entry(d, "ImageMask", "IM");
        const bool is_mask = mask.isBool() && mask.getBool();
        const Count width = static_cast<Count>(std::max(0, integer(entry(d, "Width", "W"))));
        const Count height = static_cast<Count>(std::max(0, integer(entry(d, "Height", "H"))));
        const Count bits = is_mask ? 1
                                   : static_cast<Count>(std::clamp(
                                         integer(entry(d, "BitsPerComponent", "BPC")), 0, 16));
        const Count colours =
            is_mask ? 1 : static_cast<Count>(components(entry(d, "ColorSpace", "CS"), scope));
        const Count needed = height * ((width * colours * bits + 7) / 8);
        Stream* embedded = new EmbedStream(parser.getStream(), std::move(dict), false, 0, true);
        const std::unique_ptr<Stream> data(embedded->addFilters(embedded->getDict()));
        if (needed > 0) {
            data->reset();
            std::array<unsigned char, 65536> buffer;
            for (Count left = needed; left > 0;) {
                const int want = static_cast<int>(std::min<Count>(left, buffer.size()));
                const int read = data->doGetChars(want, buffer.data());
                if (read <= 0)
                    break;
                left -= static_cast<Count>(read);
                tick();
            }
        }
        Stream* raw = data->getUndecodedStream();
        int c1 = raw->getChar(), c2 = raw->getChar();
        for (Count n = 0; !(c1 == 'E' && c2 == 'I') && c2 != EOF; ++n) {
            c1 = c2;
            c2 = raw->getChar();
            if (n % 65536 == 0)
                tick();
        }
    }

    // Text: each byte of a string counts as a glyph (two-byte fonts count double, an upper
    // bound); a Type 3 font's glyphs draw their procedures.
    void show_text(const Object& text, const FontState& font, int depth_at, Cost& cost) {
        Count glyphs = 0;
        if (text.isString()) {
            glyphs = static_cast<Count>(text.getString()->getLength());
        } else if (text.isArray()) {
            for (int i = 0; i < text.arrayGetLength(); ++i) {
                const Object part = text.arrayGet(i);
                if (part.isString())
                    glyphs += static_cast<Count>(part.getString()->getLength());
            }
        }
        cost.glyphs = plus(cost.glyphs, glyphs);
        if (font.type3() && glyphs > 0)
            cost.add(font.glyph, depth_at + 1, glyphs);
        if (cost.glyphs > limits_.glyphs || cost.operators > limits_.operators)
            check_page(cost);
    }

    // The font `name` names in `scope`, with what one of its glyphs costs if it is a Type 3
    // font: its costliest glyph procedure. A procedure may show glyphs of the same font (Poppler
    // only stops a procedure drawing itself), so the cost is found by rounds, each taking the
    // glyphs shown inside procedures at the previous round's cost, until it stops growing or a
    // limit is passed.
    FontState resolved_font(const char* name, const Scope& scope) {
        auto [font, ref] = scope.lookup("Font", name);
        if (!font.isDict() || !font.dictLookup("Subtype").isName("Type3"))
            return {};
        const int id = ref != Ref::INVALID() ? ref.num : -2;
        if (id >= 0) {
            if (auto found = type3_glyphs_.find(id); found != type3_glyphs_.end())
                return {id, found->second};
        }
        Object resources = font.dictLookup("Resources");
        const Scope own{resources.isDict() ? resources.getDict() : nullptr, &scope, id};
        Object procedures = font.dictLookup("CharProcs");
        FontState state{id, Cost{}};
        if (id >= 0)
            type3_glyphs_[id] = state.glyph;
        for (int round = 0; round < 64 && procedures.isDict(); ++round) {
            Cost costliest;
            for (int i = 0; i < procedures.dictGetLength(); ++i) {
                Object procedure = procedures.dictGetVal(i);
                if (!procedure.isStream())
                    continue;
                const Object& proc_ref = procedures.getDict()->getValNF(i);
                const Cost glyph = form(
                    procedure, proc_ref.isRef() ? proc_ref.getRef() : Ref::INVALID(), own, state);
                costliest.operators = std::max(costliest.operators, glyph.operators);
                costliest.depth = std::max(costliest.depth, glyph.depth);
                costliest.image_bytes = std::max(costliest.image_bytes, glyph.image_bytes);
                costliest.glyphs = std::max(costliest.glyphs, glyph.glyphs);
                costliest.content_bytes = std::max(costliest.content_bytes, glyph.content_bytes);
            }
            const bool grew = costliest.operators > state.glyph.operators ||
                              costliest.glyphs > state.glyph.glyphs ||
                              costliest.image_bytes > state.glyph.image_bytes ||
                              costliest.content_bytes > state.glyph.content_bytes ||
                              costliest.depth > state.glyph.depth;
            state.glyph = costliest;
            if (id >= 0)
                type3_glyphs_[id] = state.glyph;
            check_page(state.glyph);
            if (!grew)
                break;
        }
        return state;
    }

    // An ExtGState with a soft mask draws its group form each time it is set.
    void soft_mask(const char* name, const Scope& scope, int depth_at, const FontState& font,
                   Cost& cost) {
        auto [state, ref] = scope.lookup("ExtGState", name);
        if (!state.isDict())
            return;
        Object mask = state.dictLookup("SMask");
        if (!mask.isDict())
            return;
        Object group = mask.dictLookup("G");
        const Object& group_ref = mask.getDict()->lookupNF("G");
        if (group.isStream()) {
            cost.add(
                form(group, group_ref.isRef() ? group_ref.getRef() : Ref::INVALID(), scope, font),
                depth_at + 1);
        }
    }

    // A pattern set as the colour: a tiling pattern's cell is drawn as a form (each tile: the
    // devices count tiles as they are drawn), a shading pattern's shading is read whole.
    void pattern(const char* name, const Scope& scope, int depth_at, const FontState& font,
                 Cost& cost) {
        auto [found, ref] = scope.lookup("Pattern", name);
        Dict* dict = found.isStream() ? found.streamGetDict()
                     : found.isDict() ? found.getDict()
                                      : nullptr;
        if (!dict)
            return;
        const Object type = dict->lookup("PatternType");
        if (type.isInt() && type.getInt() == 1 && found.isStream()) {
            cost.add(form(found, ref, scope, font), depth_at + 1);
            check_page(cost);
        } else if (type.isInt() && type.getInt() == 2) {
            const Object& shading_ref = dict->lookupNF("Shading");
            Object shading = dict->lookup("Shading");
            check_shading(shading, shading_ref.isRef() ? shading_ref.getRef() : Ref::INVALID());
        }
    }

    // A mesh shading (types 4 to 7) is data Poppler reads whole into memory.
    void check_shading(Object& shading, Ref ref) {
        if (!shading.isStream())
            return;
        if (ref != Ref::INVALID() && !shadings_.insert(ref.num).second)
            return;
        Stream* stream = shading.getStream();
        stream->reset();
        std::array<unsigned char, 65536> buffer;
        Count total = 0;
        for (int read;
             (read = stream->doGetChars(static_cast<int>(buffer.size()), buffer.data())) > 0;) {
            total += static_cast<Count>(read);
            tick();
            if (total > limits_.shading_bytes) {
                stream->close();
                refuse_damaged("shading-bytes", "has a shading whose data decodes to more than " +
                                                    grouped(limits_.shading_bytes) + " bytes");
            }
        }
        stream->close();
    }

    // Annotations' appearances, which Poppler draws with the page.
    void annotations(Page& page, const Scope& scope, Cost& cost) {
        Object list = page.getAnnotsObject();
        if (!list.isArray())
            return;
        if (list.arrayGetLength() > limits_.annotations) {
            refuse_damaged("annotations", "has " +
                                              grouped(static_cast<Count>(list.arrayGetLength())) +
                                              " annotations, more than the " +
                                              grouped(static_cast<Count>(limits_.annotations)) +
                                              " podcover reads");
        }
        Annots* annots = page.getAnnots();
        if (!annots)
            return;
        for (Annot* annot : annots->getAnnots()) {
            Object appearance = annot->getAppearance();
            if (appearance.isStream()) {
                cost.add(form(appearance, Ref::INVALID(), scope, FontState{}), 1);
                check_page(cost);
            }
        }
    }
};

}  // namespace

std::string grouped_count(std::uint64_t value) {
    std::string digits = std::to_string(value);
    for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3)
        digits.insert(static_cast<std::size_t>(at), ",");
    return digits;
}

ContentCost scan_page_content(PDFDoc& doc, int page_number, const std::string& file,
                              const Deadline& deadline, const ContentLimits& limits) {
    Page* page = doc.getPage(page_number);
    if (!page)
        return {};
    return Scanner(doc, file, deadline, limits).page(*page, page_number);
}

}  // namespace podcover::check
