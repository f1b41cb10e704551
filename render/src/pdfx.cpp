#include "pdfx.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <memory>
#include <optional>
#include <set>

#include <qpdf/Buffer.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFTokenizer.hh>

#include "cmyk_jpeg.hpp"
#include "podcover/render/pdf_output.hpp"

namespace podcover::render {
namespace {

using Object = QPDFObjectHandle;
using Problems = std::vector<std::string>;

// What a colour space is, as far as PDF/X-1a cares.
enum class Space { gray, rgb, cmyk, pattern, indexed, other };

std::string buffer_text(const std::shared_ptr<Buffer>& buffer) {
    return std::string(reinterpret_cast<const char*>(buffer->getBuffer()), buffer->getSize());
}

// Numbers with up to four decimals, without trailing zeros, as a content stream writes them
// (to_chars: the same in every locale).
std::string number(double value) {
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, value, std::chars_format::fixed, 4);
    std::string out(text, end.ptr);
    if (out.find('.') != std::string::npos) {
        while (out.back() == '0')
            out.pop_back();
        if (out.back() == '.')
            out.pop_back();
    }
    return out == "-0" ? "0" : out;
}

std::string cmyk_operands(const Cmyk& ink) {
    return number(ink.cyan) + " " + number(ink.magenta) + " " + number(ink.yellow) + " " +
           number(ink.black);
}

Object cmyk_array(const Cmyk& ink) {
    return Object::newArray(std::vector<Object>{
        Object::newReal(ink.cyan, 4, true), Object::newReal(ink.magenta, 4, true),
        Object::newReal(ink.yellow, 4, true), Object::newReal(ink.black, 4, true)});
}

Object inverted_decode() {
    std::vector<Object> decode;
    for (int i = 0; i < 4; ++i) {
        decode.push_back(Object::newInteger(1));
        decode.push_back(Object::newInteger(0));
    }
    return Object::newArray(decode);
}

// The colour space an object names or is.
Space space_of(Object space, Object resources) {
    if (space.isName()) {
        const std::string name = space.getName();
        if (name == "/DeviceRGB" || name == "/RGB")
            return Space::rgb;
        if (name == "/DeviceCMYK" || name == "/CMYK")
            return Space::cmyk;
        if (name == "/DeviceGray" || name == "/G")
            return Space::gray;
        if (name == "/Pattern")
            return Space::pattern;
        if (resources.isDictionary()) {
            Object named = resources.getKey("/ColorSpace");
            if (named.isDictionary() && named.hasKey(name))
                return space_of(named.getKey(name), Object::newNull());
        }
        return Space::other;
    }
    if (!space.isArray() || space.getArrayNItems() == 0 || !space.getArrayItem(0).isName())
        return Space::other;
    const std::string family = space.getArrayItem(0).getName();
    if (family == "/ICCBased" && space.getArrayNItems() > 1 && space.getArrayItem(1).isStream()) {
        Object n = space.getArrayItem(1).getDict().getKey("/N");
        const long long components = n.isInteger() ? n.getIntValue() : 0;
        return components == 3   ? Space::rgb
               : components == 4 ? Space::cmyk
               : components == 1 ? Space::gray
                                 : Space::other;
    }
    if (family == "/CalRGB")
        return Space::rgb;
    if (family == "/CalGray")
        return Space::gray;
    if (family == "/Indexed" || family == "/I")
        return Space::indexed;
    if (family == "/Pattern")
        return Space::pattern;
    return Space::other;
}

// The device space PDF/X-1a allows for a space that is CMYK or grey in all but name.
std::optional<Object> device_space(Space space) {
    if (space == Space::cmyk)
        return Object::newName("/DeviceCMYK");
    if (space == Space::gray)
        return Object::newName("/DeviceGray");
    return std::nullopt;
}

Color rgb_color(double red, double green, double blue) {
    return Color{std::clamp(red, 0.0, 1.0), std::clamp(green, 0.0, 1.0),
                 std::clamp(blue, 0.0, 1.0)};
}

// Rewrites a content stream's colour operators: rg and RG become k and K, and sc, scn, SC and
// SCN in an RGB colour space (set by cs or CS) become four CMYK operands after
// "/DeviceCMYK cs". Everything else passes as it is.
class CmykContent : public Object::TokenFilter {
  public:
    CmykContent(const CmykConverter& converter, Object resources,
                std::shared_ptr<Problems> problems, std::string where)
        : converter_(converter),
          resources_(resources),
          problems_(std::move(problems)),
          where_(std::move(where)) {}

    void handleToken(const QPDFTokenizer::Token& token) override {
        if (token.getType() != QPDFTokenizer::tt_word) {
            pending_.push_back(token);
            return;
        }
        const std::string op = token.getValue();
        if (op == "q") {
            saved_.push_back(state_);
        } else if (op == "Q") {
            if (!saved_.empty()) {
                state_ = saved_.back();
                saved_.pop_back();
            }
        } else if (op == "rg" || op == "RG") {
            if (replace_rgb(op == "rg" ? " k" : " K"))
                return;
            problem("'" + op + "' without three numbers");
        } else if (op == "cs" || op == "CS") {
            Space& space = op == "cs" ? state_.fill : state_.stroke;
            const QPDFTokenizer::Token* name = last_operand(QPDFTokenizer::tt_name);
            space = name ? space_of(Object::newName(name->getValue()), resources_) : Space::other;
            if (space == Space::rgb || space == Space::cmyk || space == Space::gray) {
                // Written as the device space: PDF/X-1a allows no ICC or calibrated spaces.
                const std::string device = space == Space::rgb    ? "/DeviceCMYK"
                                           : space == Space::cmyk ? "/DeviceCMYK"
                                                                  : "/DeviceGray";
                write_leading();
                write(device + " " + op);
                if (space == Space::rgb)
                    (op == "cs" ? state_.fill_converted : state_.stroke_converted) = true;
                return;
            }
            (op == "cs" ? state_.fill_converted : state_.stroke_converted) = false;
            // An indexed space's palette is converted with the resources; anything else is not
            // PDF/X-1a's.
            if (space == Space::other)
                problem("colour space " + (name ? name->getValue() : std::string("?")));
        } else if (op == "sc" || op == "scn" || op == "SC" || op == "SCN") {
            const bool fill = op == "sc" || op == "scn";
            if (fill ? state_.fill_converted : state_.stroke_converted) {
                if (replace_rgb(" " + op))
                    return;
                problem("'" + op + "' in an RGB space without three numbers");
            }
        } else if (op == "ID") {
            // An inline image's dictionary: its colour space must not be RGB.
            for (std::size_t i = 0; i + 2 < pending_.size(); ++i) {
                const auto& key = pending_[i];
                if (key.getType() != QPDFTokenizer::tt_name ||
                    (key.getValue() != "/CS" && key.getValue() != "/ColorSpace"))
                    continue;
                for (std::size_t j = i + 1; j < pending_.size(); ++j) {
                    if (pending_[j].getType() == QPDFTokenizer::tt_space)
                        continue;
                    if (pending_[j].getType() == QPDFTokenizer::tt_name &&
                        space_of(Object::newName(pending_[j].getValue()), resources_) == Space::rgb)
                        problem("an inline RGB image");
                    break;
                }
            }
        }
        flush();
        writeToken(token);
    }

    void handleEOF() override { flush(); }

  private:
    struct State {
        Space fill = Space::gray;
        Space stroke = Space::gray;
        bool fill_converted = false;
        bool stroke_converted = false;
    };

    // Replaces the pending three numbers with the converted CMYK and `op` (" k", " scn"...).
    bool replace_rgb(const std::string& op) {
        std::vector<std::size_t> numbers;
        for (std::size_t i = 0; i < pending_.size(); ++i) {
            const auto type = pending_[i].getType();
            if (type == QPDFTokenizer::tt_integer || type == QPDFTokenizer::tt_real)
                numbers.push_back(i);
            else if (type != QPDFTokenizer::tt_space)
                return false;
        }
        if (numbers.size() != 3)
            return false;
        double value[3];
        for (int i = 0; i < 3; ++i) {
            const std::string& text = pending_[numbers[static_cast<std::size_t>(i)]].getValue();
            value[i] = 0;
            std::from_chars(text.data(), text.data() + text.size(), value[i]);
        }
        for (std::size_t i = 0; i < numbers.front(); ++i)
            writeToken(pending_[i]);
        pending_.clear();
        write(cmyk_operands(converter_.vector(rgb_color(value[0], value[1], value[2]))) + op);
        return true;
    }

    const QPDFTokenizer::Token* last_operand(QPDFTokenizer::token_type_e type) const {
        for (auto it = pending_.rbegin(); it != pending_.rend(); ++it) {
            if (it->getType() == QPDFTokenizer::tt_space)
                continue;
            return it->getType() == type ? &*it : nullptr;
        }
        return nullptr;
    }

    // The whitespace before the operands, then nothing of them.
    void write_leading() {
        for (const auto& t : pending_) {
            if (t.getType() != QPDFTokenizer::tt_space)
                break;
            writeToken(t);
        }
        pending_.clear();
    }

    void flush() {
        for (const auto& t : pending_)
            writeToken(t);
        pending_.clear();
    }

    void problem(const std::string& what) {
        const std::string text = where_ + ": " + what;
        if (std::find(problems_->begin(), problems_->end(), text) == problems_->end())
            problems_->push_back(text);
    }

    const CmykConverter& converter_;
    Object resources_;
    std::shared_ptr<Problems> problems_;
    std::string where_;
    std::vector<QPDFTokenizer::Token> pending_;  // operands since the last operator
    State state_;
    std::vector<State> saved_;
};

class Converter {
  public:
    Converter(const CmykConverter& converter, PdfxFacts& facts, std::shared_ptr<Problems> problems)
        : converter_(converter), facts_(facts), problems_(std::move(problems)) {}

    void page(QPDFPageObjectHelper& page, int number) {
        const std::string where = "page " + std::to_string(number);
        Object dict = page.getObjectHandle();
        // A transparency group on a page that draws nothing transparent changes nothing.
        dict.removeKey("/Group");
        Object resources = page.getAttribute("/Resources", false);
        page.addContentTokenFilter(
            std::make_shared<CmykContent>(converter_, resources, problems_, where));
        this->resources(resources, where);
    }

  private:
    bool first_visit(Object object) {
        if (!object.isIndirect())
            return true;
        return visited_.insert(object.getObjGen()).second;
    }

    void problem(const std::string& what) {
        if (std::find(problems_->begin(), problems_->end(), what) == problems_->end())
            problems_->push_back(what);
    }

    void resources(Object resources, const std::string& where) {
        if (!resources.isDictionary() || !first_visit(resources))
            return;
        Object spaces = resources.getKey("/ColorSpace");
        if (spaces.isDictionary()) {
            for (const auto& name : spaces.getKeys())
                spaces.replaceKey(name, color_space(spaces.getKey(name), where));
        }
        Object states = resources.getKey("/ExtGState");
        if (states.isDictionary()) {
            for (const auto& name : states.getKeys())
                graphics_state(states.getKey(name), where + ", graphics state " + name);
        }
        Object shadings = resources.getKey("/Shading");
        if (shadings.isDictionary()) {
            for (const auto& name : shadings.getKeys())
                shading(shadings.getKey(name), where + ", shading " + name);
        }
        Object patterns = resources.getKey("/Pattern");
        if (patterns.isDictionary()) {
            for (const auto& name : patterns.getKeys())
                pattern(patterns.getKey(name), resources, where + ", pattern " + name);
        }
        Object xobjects = resources.getKey("/XObject");
        if (xobjects.isDictionary()) {
            for (const auto& name : xobjects.getKeys())
                xobject(xobjects.getKey(name), resources, where + ", " + name);
        }
        Object fonts = resources.getKey("/Font");
        if (fonts.isDictionary()) {
            for (const auto& name : fonts.getKeys())
                type3_font(fonts.getKey(name), resources, where + ", font " + name);
        }
    }

    // A named colour space, as PDF/X-1a allows it.
    Object color_space(Object space, const std::string& where) {
        const Space kind = space_of(space, Object::newNull());
        if (kind == Space::rgb)
            return Object::newName("/DeviceCMYK");
        if (auto device = device_space(kind))
            return *device;
        if (kind == Space::indexed)
            return indexed(space, where);
        if (kind == Space::other)
            problem(where + ": a colour space PDF/X-1a does not allow");
        return space;
    }

    // [/Indexed base hival lookup] with an RGB base: the palette converted.
    Object indexed(Object space, const std::string& where) {
        if (space.getArrayNItems() != 4) {
            problem(where + ": a malformed indexed colour space");
            return space;
        }
        const Space base = space_of(space.getArrayItem(1), Object::newNull());
        if (base != Space::rgb) {
            if (auto device = device_space(base))
                space.setArrayItem(1, *device);
            else
                problem(where + ": an indexed colour space on a space PDF/X-1a does not allow");
            return space;
        }
        Object lookup = space.getArrayItem(3);
        const std::string palette = lookup.isStream()   ? buffer_text(lookup.getStreamData())
                                    : lookup.isString() ? lookup.getStringValue()
                                                        : std::string();
        const std::size_t entries = palette.size() / 3;
        std::string cmyk(entries * 4, '\0');
        converter_.convert_pixels(reinterpret_cast<const unsigned char*>(palette.data()),
                                  reinterpret_cast<unsigned char*>(cmyk.data()), entries, false);
        return Object::newArray(
            std::vector<Object>{Object::newName("/Indexed"), Object::newName("/DeviceCMYK"),
                                space.getArrayItem(2), Object::newString(cmyk)});
    }

    void graphics_state(Object state, const std::string& where) {
        if (!state.isDictionary() || !first_visit(state))
            return;
        for (const char* key : {"/CA", "/ca"}) {
            Object alpha = state.getKey(key);
            if (alpha.isNull())
                continue;
            if (alpha.isNumber() && alpha.getNumericValue() >= 1)
                state.removeKey(key);
            else
                problem(where + ": opacity below 1 (transparency)");
        }
        Object mask = state.getKey("/SMask");
        if (mask.isName() && mask.getName() == "/None")
            state.removeKey("/SMask");
        else if (!mask.isNull())
            problem(where + ": a soft mask (transparency)");
        Object blend = state.getKey("/BM");
        if (blend.isName() && (blend.getName() == "/Normal" || blend.getName() == "/Compatible"))
            state.removeKey("/BM");
        else if (!blend.isNull())
            problem(where + ": a blend mode (transparency)");
        Object isolated = state.getKey("/AIS");
        if (isolated.isBool() && !isolated.getBoolValue())
            state.removeKey("/AIS");
        for (const char* key : {"/TR", "/TR2", "/HT"}) {
            if (state.hasKey(key))
                problem(where + ": a transfer function or halftone, which PDF/X-1a forbids");
        }
    }

    void xobject(Object xobject, Object parent_resources, const std::string& where) {
        if (!xobject.isStream() || !first_visit(xobject))
            return;
        Object dict = xobject.getDict();
        Object subtype = dict.getKey("/Subtype");
        if (subtype.isNameAndEquals("/Image")) {
            image(xobject, where);
        } else if (subtype.isNameAndEquals("/Form")) {
            dict.removeKey("/Group");
            Object own = dict.getKey("/Resources");
            Object resources = own.isDictionary() ? own : parent_resources;
            xobject.addTokenFilter(
                std::make_shared<CmykContent>(converter_, resources, problems_, where));
            this->resources(own, where);
        }
    }

    void image(Object image, const std::string& where) {
        Object dict = image.getDict();
        dict.removeKey("/Interpolate");  // PDF/X-1a: images are not interpolated
        if (dict.getKey("/ImageMask").isBool() && dict.getKey("/ImageMask").getBoolValue())
            return;
        if (dict.hasKey("/SMask"))
            problem(where + ": an image with a soft mask (transparency)");
        Object space = dict.getKey("/ColorSpace");
        const Space kind = space_of(space, Object::newNull());
        Object filter = dict.getKey("/Filter");
        const bool dct = filter.isNameAndEquals("/DCTDecode") ||
                         (filter.isArray() && filter.getArrayNItems() == 1 &&
                          filter.getArrayItem(0).isNameAndEquals("/DCTDecode"));
        if (kind == Space::cmyk) {
            dict.replaceKey("/ColorSpace", Object::newName("/DeviceCMYK"));
            if (dct) {
                // A CMYK JPEG stays byte for byte; an Adobe one stores its inks inverted.
                const std::string bytes = buffer_text(image.getRawStreamData());
                const auto facts = read_jpeg_facts(bytes);
                if (facts && facts->adobe && !dict.hasKey("/Decode"))
                    dict.replaceKey("/Decode", inverted_decode());
                ++facts_.cmyk_jpegs_kept;
                try {
                    facts_.cmyk_jpeg_max_ink_percent = std::max(facts_.cmyk_jpeg_max_ink_percent,
                                                                cmyk_jpeg_max_ink_percent(bytes));
                } catch (const std::runtime_error&) {
                    problem(where + ": a CMYK JPEG libjpeg cannot decode");
                }
            }
            return;
        }
        if (auto device = device_space(kind)) {
            dict.replaceKey("/ColorSpace", *device);
            return;
        }
        if (kind == Space::indexed) {
            dict.replaceKey("/ColorSpace", indexed(space, where));
            return;
        }
        if (kind != Space::rgb) {
            problem(where + ": an image in a colour space PDF/X-1a does not allow");
            return;
        }
        Object bits = dict.getKey("/BitsPerComponent");
        if (!bits.isInteger() || bits.getIntValue() != 8 || dict.hasKey("/Mask")) {
            problem(where + ": an RGB image podcover cannot convert (not 8 bits, or masked)");
            return;
        }
        if (dct) {
            const RecodedJpeg cmyk =
                recode_jpeg_as_cmyk(buffer_text(image.getRawStreamData()), converter_);
            image.replaceStreamData(cmyk.bytes, Object::newName("/DCTDecode"), Object::newNull());
            dict.replaceKey("/Decode", inverted_decode());
            ++facts_.rgb_jpegs_recoded;
            facts_.recoded_jpeg_quality = facts_.recoded_jpeg_quality == 0
                                              ? cmyk.quality
                                              : std::min(facts_.recoded_jpeg_quality, cmyk.quality);
            facts_.recoded_jpeg_subsampled = facts_.recoded_jpeg_subsampled || cmyk.subsampled;
        } else {
            const std::string rgb = buffer_text(image.getStreamData(qpdf_dl_generalized));
            const std::size_t pixels = rgb.size() / 3;
            std::string cmyk(pixels * 4, '\0');
            converter_.convert_pixels(reinterpret_cast<const unsigned char*>(rgb.data()),
                                      reinterpret_cast<unsigned char*>(cmyk.data()), pixels, false);
            // Stored unfiltered here; the writer compresses it (Flate): lossless.
            image.replaceStreamData(cmyk, Object::newNull(), Object::newNull());
            dict.removeKey("/Decode");
            ++facts_.images_converted;
        }
        dict.removeKey("/DecodeParms");
        dict.replaceKey("/ColorSpace", Object::newName("/DeviceCMYK"));
    }

    void pattern(Object pattern, Object parent_resources, const std::string& where) {
        if (!first_visit(pattern))
            return;
        Object dict = pattern.isStream() ? pattern.getDict() : pattern;
        if (!dict.isDictionary())
            return;
        Object type = dict.getKey("/PatternType");
        if (type.isInteger() && type.getIntValue() == 1 && pattern.isStream()) {
            Object own = dict.getKey("/Resources");
            pattern.addTokenFilter(std::make_shared<CmykContent>(
                converter_, own.isDictionary() ? own : parent_resources, problems_, where));
            resources(own, where);
        } else {
            shading(dict.getKey("/Shading"), where);
            Object state = dict.getKey("/ExtGState");
            if (!state.isNull())
                graphics_state(state, where);
        }
    }

    void shading(Object shading, const std::string& where) {
        if (!first_visit(shading))
            return;
        Object dict = shading.isStream() ? shading.getDict() : shading;
        if (!dict.isDictionary())
            return;
        const Space kind = space_of(dict.getKey("/ColorSpace"), Object::newNull());
        if (kind != Space::rgb) {
            if (auto device = device_space(kind))
                dict.replaceKey("/ColorSpace", *device);
            else
                problem(where + ": a shading in a colour space PDF/X-1a does not allow");
            return;
        }
        dict.replaceKey("/ColorSpace", Object::newName("/DeviceCMYK"));
        Object background = dict.getKey("/Background");
        if (background.isArray()) {
            if (auto ink = rgb_of(background))
                dict.replaceKey("/Background", cmyk_array(converter_.vector(*ink)));
        }
        if (!dict.hasKey("/Function")) {
            problem(where + ": a mesh shading with RGB vertex colours");
            return;
        }
        dict.replaceKey("/Function", function(dict.getKey("/Function"), where));
    }

    std::optional<Color> rgb_of(Object array) const {
        if (!array.isArray() || array.getArrayNItems() != 3)
            return std::nullopt;
        double value[3];
        for (int i = 0; i < 3; ++i) {
            Object item = array.getArrayItem(i);
            if (!item.isNumber())
                return std::nullopt;
            value[i] = item.getNumericValue();
        }
        return rgb_color(value[0], value[1], value[2]);
    }

    // A shading's function from t to RGB, as one from t to CMYK: each colour it names
    // converted. Between them the inks are interpolated, as a CMYK gradient would be.
    Object function(Object function, const std::string& where) {
        Object dict = function.isStream() ? function.getDict() : function;
        Object type = dict.isDictionary() ? dict.getKey("/FunctionType") : Object();
        if (!type.isInteger()) {
            problem(where + ": a shading function podcover cannot convert");
            return function;
        }
        if (!first_visit(function))
            return function;
        switch (type.getIntValue()) {
            case 2: {
                const auto c0 = rgb_of(dict.getKey("/C0")), c1 = rgb_of(dict.getKey("/C1"));
                if (!c0 || !c1) {
                    problem(where + ": an exponential function without RGB C0 and C1");
                    return function;
                }
                dict.replaceKey("/C0", cmyk_array(converter_.vector(*c0)));
                dict.replaceKey("/C1", cmyk_array(converter_.vector(*c1)));
                dict.removeKey("/Range");
                return function;
            }
            case 3: {
                Object parts = dict.getKey("/Functions");
                for (int i = 0; parts.isArray() && i < parts.getArrayNItems(); ++i)
                    parts.setArrayItem(i, this->function(parts.getArrayItem(i), where));
                return function;
            }
            default:
                problem(where + ": a sampled or PostScript shading function in RGB");
                return function;
        }
    }

    void type3_font(Object font, Object parent_resources, const std::string& where) {
        if (!font.isDictionary() || !font.getKey("/Subtype").isNameAndEquals("/Type3") ||
            !first_visit(font))
            return;
        Object own = font.getKey("/Resources");
        Object resources = own.isDictionary() ? own : parent_resources;
        Object procs = font.getKey("/CharProcs");
        if (procs.isDictionary()) {
            for (const auto& name : procs.getKeys()) {
                Object glyph = procs.getKey(name);
                if (glyph.isStream() && first_visit(glyph))
                    glyph.addTokenFilter(
                        std::make_shared<CmykContent>(converter_, resources, problems_, where));
            }
        }
        this->resources(own, where);
    }

    const CmykConverter& converter_;
    PdfxFacts& facts_;
    std::shared_ptr<Problems> problems_;
    std::set<QPDFObjGen> visited_;
};

}  // namespace

std::string pdf_date(std::time_t date) {
    std::tm utc{};
    gmtime_r(&date, &utc);
    char text[40];
    std::snprintf(text, sizeof text, "D:%04d%02d%02d%02d%02d%02d+00'00'", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
    return text;
}

std::shared_ptr<const std::vector<std::string>> convert_to_pdfx(QPDF& pdf,
                                                                const CmykConverter& converter,
                                                                const std::string& title,
                                                                std::time_t date,
                                                                PdfxFacts& facts) {
    auto found = std::make_shared<Problems>();
    Converter convert(converter, facts, found);
    int number = 0;
    for (auto& page : QPDFPageDocumentHelper(pdf).getAllPages())
        convert.page(page, ++number);

    // The printing condition the colours are for, with its profile (ISO 15930-1): an
    // identifier of no registered condition ("Custom") requires the profile itself.
    const CmykProfile& profile = converter.profile();
    Object icc = Object::newStream(&pdf, profile.bytes);
    icc.getDict().replaceKey("/N", Object::newInteger(4));
    const std::string condition =
        profile.description.empty() ? profile.path.filename().string() : profile.description;
    Object intent = Object::newDictionary();
    intent.replaceKey("/Type", Object::newName("/OutputIntent"));
    intent.replaceKey("/S", Object::newName("/GTS_PDFX"));
    intent.replaceKey("/OutputConditionIdentifier", Object::newString("Custom"));
    intent.replaceKey("/OutputCondition", Object::newUnicodeString(condition));
    intent.replaceKey("/Info", Object::newUnicodeString(condition));
    intent.replaceKey("/RegistryName", Object::newString("http://www.color.org"));
    intent.replaceKey("/DestOutputProfile", icc);
    pdf.getRoot().replaceKey("/OutputIntents",
                             Object::newArray(std::vector<Object>{pdf.makeIndirectObject(intent)}));

    Object info = pdf.getTrailer().getKey("/Info");
    if (!info.isDictionary()) {
        info = pdf.makeIndirectObject(Object::newDictionary());
        pdf.getTrailer().replaceKey("/Info", info);
    }
    // PDF/X-1a:2001 requires a title, both dates and the trapping state (ISO 15930-1).
    if (!info.hasKey("/Title"))
        info.replaceKey("/Title", Object::newUnicodeString(title.empty() ? "Cover" : title));
    info.replaceKey("/CreationDate", Object::newString(pdf_date(date)));
    info.replaceKey("/ModDate", Object::newString(pdf_date(date)));
    info.replaceKey("/Trapped", Object::newName("/False"));
    info.replaceKey("/GTS_PDFXVersion", Object::newString("PDF/X-1:2001"));
    info.replaceKey("/GTS_PDFXConformance", Object::newString("PDF/X-1a:2001"));

    return found;
}

void configure_pdfx_writer(QPDFWriter& writer) {
    writer.setObjectStreamMode(qpdf_o_disable);
    writer.forcePDFVersion("1.3");
}

}  // namespace podcover::render
