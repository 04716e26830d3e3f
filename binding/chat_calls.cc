#include "chat_calls.h"

#include <memory>
#include <string>

#include "addon_data.h"
#include "cancel_token.h"
#include "chat/count_request.h"
#include "chat/json_guard.h"
#include "encoding/registry.h"
#include "js_errors.h"
#include "js_input.h"
#include "promise_worker.h"

namespace tokenmeter_binding {

// What a count needs besides the body: the rules and where the rank files are. Shared by pending
// async calls, so setChatRules() during a count does not pull the rules out from under it.
struct ChatSetup {
  std::shared_ptr<const tokenmeter::RuleBook> rules;
  std::string vocab_dir;
};

namespace {

using tokenmeter::ChatApi;
using tokenmeter::ChatCount;
using tokenmeter::CountOptions;
using tokenmeter::ImageSize;

std::shared_ptr<const ChatSetup>& chat_setup(Napi::Env env) {
  return addon_data(env).chat_setup;
}

std::string string_option(Napi::Env env, Napi::Object options, const char* key) {
  Napi::Value v = options.Get(key);
  if (v.IsUndefined() || v.IsNull()) return {};
  if (!v.IsString()) throw_invalid_argument(env, std::string("options.") + key + " must be a string");
  return v.As<Napi::String>().Utf8Value();
}

uint32_t dimension(Napi::Env env, Napi::Value v, const std::string& what) {
  double d = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : -1;
  if (!(d >= 1 && d <= 1e9) || d != static_cast<double>(static_cast<uint32_t>(d)))
    throw_invalid_argument(env, what + " must be an integer from 1 to 1e9");
  return static_cast<uint32_t>(d);
}

ImageSize image_size(Napi::Env env, Napi::Value v, const std::string& what) {
  if (!v.IsObject()) throw_invalid_argument(env, what + " must be an object {width, height}");
  Napi::Object o = v.As<Napi::Object>();
  return ImageSize{dimension(env, o.Get("width"), what + ".width"), dimension(env, o.Get("height"), what + ".height")};
}

CountOptions read_options(Napi::Env env, Napi::Value value) {
  CountOptions options;
  if (value.IsUndefined() || value.IsNull()) return options;
  if (!value.IsObject()) throw_invalid_argument(env, "options must be an object");
  Napi::Object o = value.As<Napi::Object>();
  const std::string api = string_option(env, o, "api");
  if (api == "chat") options.api = ChatApi::kChatCompletions;
  else if (api == "responses") options.api = ChatApi::kResponses;
  else if (api == "anthropic") options.api = ChatApi::kAnthropicMessages;
  else if (!api.empty()) throw_invalid_argument(env, "options.api must be \"chat\", \"responses\" or \"anthropic\"");
  options.model = string_option(env, o, "model");
  options.provider = string_option(env, o, "provider");
  if (!options.provider.empty() && options.provider != "openai" && options.provider != "anthropic")
    throw_invalid_argument(env, "options.provider must be \"openai\" or \"anthropic\"");
  Napi::Value sizes = o.Get("imageSizes");
  if (!sizes.IsUndefined() && !sizes.IsNull()) {
    if (!sizes.IsObject()) throw_invalid_argument(env, "options.imageSizes must be an object {url: {width, height}}");
    Napi::Object map = sizes.As<Napi::Object>();
    Napi::Array keys = map.GetPropertyNames();
    for (uint32_t i = 0; i < keys.Length(); ++i) {
      std::string url = keys.Get(i).ToString().Utf8Value();
      options.image_sizes[url] = image_size(env, map.Get(keys.Get(i)), "options.imageSizes[" + url + "]");
    }
  }
  Napi::Value def = o.Get("defaultImageSize");
  if (!def.IsUndefined() && !def.IsNull()) options.default_image_size = image_size(env, def, "options.defaultImageSize");
  Napi::Value pages = o.Get("defaultPdfPages");
  if (!pages.IsUndefined() && !pages.IsNull()) options.default_pdf_pages = dimension(env, pages, "options.defaultPdfPages");
  return options;
}

std::shared_ptr<const ChatSetup> require_setup(Napi::Env env) {
  auto setup = chat_setup(env);
  if (!setup) throw make_error(env, "ERR_INTERNAL", "setChatRules() has not been called");
  return setup;
}

ChatCount run_count(const ChatSetup& setup, std::string_view body, const CountOptions& options) {
  const std::string& vocab_dir = setup.vocab_dir;
  return tokenmeter::count_request_json(body, options, *setup.rules, [&vocab_dir](const std::string& name) {
    return tokenmeter::get_encoding(name, vocab_dir);
  });
}

Napi::Value to_js(Napi::Env env, const ChatCount& count) {
  Napi::Object result = Napi::Object::New(env);
  result.Set("inputTokens", Napi::Number::New(env, static_cast<double>(count.total())));
  result.Set("exact", Napi::Boolean::New(env, count.exact));
  result.Set("api", Napi::String::New(env, tokenmeter::chat_api_name(count.api)));
  result.Set("model", count.model.empty() ? env.Null() : Napi::String::New(env, count.model));
  result.Set("encoding", Napi::String::New(env, count.encoding));
  result.Set("rules", count.rules.empty() ? env.Null() : Napi::String::New(env, count.rules));
  result.Set("calibration", Napi::Number::New(env, count.calibration));
  Napi::Array estimated = Napi::Array::New(env, count.estimated.size());
  for (size_t i = 0; i < count.estimated.size(); ++i) estimated.Set(static_cast<uint32_t>(i), count.estimated[i]);
  result.Set("estimated", estimated);
  Napi::Object b = Napi::Object::New(env);
  b.Set("messages", Napi::Number::New(env, static_cast<double>(count.breakdown.messages)));
  b.Set("system", Napi::Number::New(env, static_cast<double>(count.breakdown.system)));
  b.Set("tools", Napi::Number::New(env, static_cast<double>(count.breakdown.tools)));
  b.Set("images", Napi::Number::New(env, static_cast<double>(count.breakdown.images)));
  b.Set("documents", Napi::Number::New(env, static_cast<double>(count.breakdown.documents)));
  b.Set("overhead", Napi::Number::New(env, static_cast<double>(count.breakdown.overhead)));
  result.Set("breakdown", b);
  return result;
}

class CountRequestWorker : public PromiseWorker {
 public:
  CountRequestWorker(Napi::Env env, std::shared_ptr<const ChatSetup> setup, TextArg body, CountOptions options,
                     std::shared_ptr<tokenmeter::CancelFlag> cancel)
      : PromiseWorker(env),
        setup_(std::move(setup)),
        body_(std::move(body)),
        options_(std::move(options)),
        cancel_(std::move(cancel)) {}

 protected:
  void compute() override {
    if (cancel_) cancel_->throw_if_cancelled();  // aborted while queued
    count_ = run_count(*setup_, body_.view(), options_);
  }
  Napi::Value result(Napi::Env env) override { return to_js(env, count_); }

 private:
  std::shared_ptr<const ChatSetup> setup_;
  TextArg body_;
  CountOptions options_;
  std::shared_ptr<tokenmeter::CancelFlag> cancel_;
  ChatCount count_;
};

}  // namespace

Napi::Value set_chat_rules(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsString() || !info[1].IsString() || !info[2].IsString())
    throw_invalid_argument(env, "setChatRules(rulesJson, encodingTableJson, vocabDir) takes three strings");
  try {
    auto rules = tokenmeter::parse_request_json(info[0].As<Napi::String>().Utf8Value());
    auto encodings = tokenmeter::parse_request_json(info[1].As<Napi::String>().Utf8Value());
    auto setup = std::make_shared<ChatSetup>();
    setup->rules = std::make_shared<const tokenmeter::RuleBook>(rules, encodings);
    setup->vocab_dir = info[2].As<Napi::String>().Utf8Value();
    chat_setup(env) = std::move(setup);
  } catch (const tokenmeter::Error& e) {
    throw make_error(env, e.code() == tokenmeter::ErrorCode::kInvalidJson ? "ERR_INVALID_ARGUMENT"
                                                                          : tokenmeter::error_code_name(e.code()),
                     e.what());
  }
  return env.Undefined();
}

Napi::Value count_request(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto setup = require_setup(env);
  CountOptions options = read_options(env, info[1]);
  TextArg body(env, info[0], "body", false);
  try {
    return to_js(env, run_count(*setup, body.view(), options));
  } catch (const tokenmeter::Error& e) {
    throw make_error(env, e);
  } catch (const std::bad_alloc&) {
    throw make_error(env, "ERR_INPUT_TOO_LARGE", "out of memory while counting the request");
  }
}

Napi::Value count_request_async(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto setup = require_setup(env);
  CountOptions options = read_options(env, info[1]);
  auto cancel = read_cancel_token(env, info[2]);
  TextArg body(env, info[0], "body", true);
  auto* worker = new CountRequestWorker(env, std::move(setup), std::move(body), std::move(options), std::move(cancel));
  Napi::Promise promise = worker->promise();
  worker->Queue();
  return promise;
}

}  // namespace tokenmeter_binding
