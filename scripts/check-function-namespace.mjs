#!/usr/bin/env node
// Generates the expected `namespace functions` texts for addon/tests/chat/function_namespace_test.cc
// from the reference implementation, hmarr/openai-chat-tokens `formatFunctionDefinitions`, so the
// C++ tests need no Node.
//
//   node scripts/check-function-namespace.mjs               print the generated C++ table
//   node scripts/check-function-namespace.mjs --check       exit 1 if the table in the test differs
//   node scripts/check-function-namespace.mjs --deviations  print hmarr's output for the inputs
//                                                           where our renderer deliberately differs
//
// Inputs are kept as JSON text (not JS objects) so that number spellings such as 100.0 or 1e21
// reach the C++ parser exactly as written. Avoid integer-like property keys ("1") in AGREE cases:
// JavaScript objects iterate those first, while the C++ renderer keeps the order as sent.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { formatFunctionDefinitions } = require('openai-chat-tokens/dist/functions.js');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const testFile = join(root, 'addon/tests/chat/function_namespace_test.cc');

// Schemas where hmarr's rules and counting-rules.md §2.1 agree: the C++ output must be identical.
const AGREE = [
  // --- hmarr's own tests/token-counts.test.ts (API-validated token counts) ---
  ['hmarr_foo_empty_properties', `[{"name":"foo","parameters":{"type":"object","properties":{}}}]`],
  ['hmarr_foo_with_description',
    `[{"name":"foo","description":"Do a foo","parameters":{"type":"object","properties":{}}}]`],
  ['hmarr_one_string_property', `[{"name":"bing_bong","description":"Do a bing bong","parameters":
    {"type":"object","properties":{"foo":{"type":"string"}}}}]`],
  ['hmarr_number_with_description', `[{"name":"bing_bong","description":"Do a bing bong","parameters":
    {"type":"object","properties":{"foo":{"type":"string"},
      "bar":{"type":"number","description":"A number"}}}}]`],
  ['hmarr_nested_object_with_enum', `[{"name":"bing_bong","description":"Do a bing bong","parameters":
    {"type":"object","properties":{"foo":{"type":"object","properties":{
      "bar":{"type":"string","enum":["a","b","c"]},"baz":{"type":"boolean"}}}}}}]`],
  ['hmarr_anyof_objects_with_const', `[{"name":"foo","description":"Return the foo or the bar",
    "parameters":{"type":"object","properties":{"res":{"anyOf":[
      {"type":"object","properties":{"kind":{"type":"string","const":"post"},"text":{"type":"string"}},
       "required":["kind","text"],"additionalProperties":false},
      {"type":"object","properties":{"kind":{"type":"string","const":"user"},
       "name":{"type":"string","enum":["jane","suzie","adam"]}},
       "required":["kind","name"],"additionalProperties":false}],
      "description":"The foo or the bar"}},"required":["res"],"additionalProperties":false}}]`],
  ['hmarr_anyof_single_object', `[{"name":"do_stuff","parameters":{"type":"object","properties":{
    "foo":{"anyOf":[{"type":"object","properties":{"kind":{"type":"string","const":"a"},
      "baz":{"type":"boolean"}}}]}}}}]`],
  ['hmarr_anyof_three_objects', `[{"name":"do_stuff","parameters":{"type":"object","properties":{
    "foo":{"anyOf":[
      {"type":"object","properties":{"kind":{"type":"string","const":"a"},"baz":{"type":"boolean"}}},
      {"type":"object","properties":{"kind":{"type":"string","const":"b"},"qux":{"type":"number"}}},
      {"type":"object","properties":{"kind":{"type":"string","const":"c"},"idk":{"type":"string"}}}]}}}}]`],
  ['hmarr_anyof_const_or_number', `[{"name":"do_stuff","parameters":{"type":"object","properties":{
    "foo":{"anyOf":[{"type":"string","const":"a"},{"type":"number"}]}}}}]`],
  ['hmarr_two_functions', `[{"name":"do_stuff","parameters":{"type":"object","properties":{}}},
    {"name":"do_other_stuff","parameters":{"type":"object","properties":{}}}]`],
  ['hmarr_recipe_array_of_objects', `[{"name":"get_recipe","parameters":{"type":"object",
    "required":["ingredients","instructions","time_to_cook"],"properties":{
      "ingredients":{"type":"array","items":{"type":"object","required":["name","unit","amount"],
        "properties":{"name":{"type":"string"},
          "unit":{"enum":["grams","ml","cups","pieces","teaspoons"],"type":"string"},
          "amount":{"type":"number"}}}},
      "instructions":{"type":"array","items":{"type":"string"},
        "description":"Steps to prepare the recipe (no numbering)"},
      "time_to_cook":{"type":"number","description":"Total time to prepare the recipe in minutes"}}}}]`],
  ['hmarr_nested_description_dropped', `[{"name":"function","description":"description","parameters":
    {"type":"object","properties":{"quality":{"type":"object","properties":{"pros":{"type":"array",
      "items":{"type":"string"},"description":"Write 3 points why this text is well written"}}}}}}]`],
  ['hmarr_key_with_spaces', `[{"name":"function","description":"desctiption1","parameters":{
    "type":"object","description":"desctiption2","properties":{
      "mainField":{"type":"string","description":"description3"},
      "field number one":{"type":"object","description":"description4","properties":{
        "yesNoField":{"type":"string","description":"description5","enum":["Yes","No"]},
        "howIsInteresting":{"type":"string","description":"description6"},
        "scoreInteresting":{"type":"number","description":"description7"},
        "isInteresting":{"type":"string","description":"description8","enum":["Yes","No"]}}}}}}]`],

  // --- OpenAI cookbook ---
  // "How to count tokens with tiktoken", tools section (API: 105 cl100k / 101 o200k tokens).
  ['cookbook_count_tokens_weather', `[{"name":"get_current_weather",
    "description":"Get the current weather in a given location","parameters":{"type":"object",
    "properties":{"location":{"type":"string","description":"The city and state, e.g. San Francisco, CA"},
      "unit":{"type":"string","description":"The unit of temperature to return",
        "enum":["celsius","fahrenheit"]}},"required":["location"]}}]`],
  // "How to call functions with chat models": format enum + integer num_days, both required.
  ['cookbook_function_calling_tools', `[{"name":"get_current_weather","description":"Get the current weather",
    "parameters":{"type":"object","properties":{
      "location":{"type":"string","description":"The city and state, e.g. San Francisco, CA"},
      "format":{"type":"string","enum":["celsius","fahrenheit"],
        "description":"The temperature unit to use. Infer this from the users location."}},
    "required":["location","format"]}},
   {"name":"get_n_day_weather_forecast","description":"Get an N-day weather forecast",
    "parameters":{"type":"object","properties":{
      "location":{"type":"string","description":"The city and state, e.g. San Francisco, CA"},
      "format":{"type":"string","enum":["celsius","fahrenheit"],
        "description":"The temperature unit to use. Infer this from the users location."},
      "num_days":{"type":"integer","description":"The number of days to forecast"}},
    "required":["location","format","num_days"]}}]`],

  // --- shapes hmarr's tests don't cover ---
  ['nested_three_levels', `[{"name":"deep","description":"Three levels of objects","parameters":{
    "type":"object","required":["a"],"properties":{
      "a":{"type":"object","description":"level one","required":["b"],"properties":{
        "b":{"type":"object","description":"level two (dropped)","properties":{
          "c":{"type":"object","properties":{"d":{"type":"string","description":"dropped"}},"required":["d"]},
          "e":{"type":"integer"}}},
        "f":{"type":"boolean"}}},
      "g":{"type":"null"}}}}]`],
  ['arrays_of_arrays_and_objects', `[{"name":"grid","parameters":{"type":"object","properties":{
    "rows":{"type":"array","items":{"type":"array","items":{"type":"number"}}},
    "cells":{"type":"array","description":"Cells","items":{"type":"array","items":{"type":"object",
      "properties":{"x":{"type":"integer"},"y":{"type":"integer"}},"required":["x","y"]}}},
    "tags":{"type":"array"},
    "mixed":{"type":"array","items":{"anyOf":[{"type":"string"},{"type":"object","properties":{
      "id":{"type":"string"}}}]}}}}}]`],
  ['empty_nested_object', `[{"name":"opts","parameters":{"type":"object","properties":{
    "options":{"type":"object","description":"Free-form options"},
    "empty":{"type":"object","properties":{}},
    "inner":{"type":"object","properties":{"none":{"type":"object"}}}}}}]`],
  ['numeric_enums', `[{"name":"pick","parameters":{"type":"object","required":["level"],"properties":{
    "level":{"type":"integer","enum":[1,2,3],"description":"Level"},
    "neg":{"type":"integer","enum":[-1,0,10000000000]},
    "ratio":{"type":"number","enum":[1.5,0.1,100.0,1e21,1e-7,2.5e-3,-0.0,123456789.125]},
    "strs":{"type":"number","enum":["1","two"]},
    "misc":{"type":"integer","enum":[true,null]}}}}]`],
  // Enum strings are quoted verbatim (no JSON escaping), like hmarr, pamelafox and harmony.
  ['enum_with_quotes', `[{"name":"f","parameters":{"type":"object","properties":{
    "a":{"type":"string","enum":["say \\"hi\\"","back\\\\slash","new\\nline"]}}}}]`],
  ['string_enums_unicode', `[{"name":"lang","description":"Wähle die Sprache 🌍","parameters":{
    "type":"object","properties":{
      "lang":{"type":"string","enum":["café","日本語","emoji 😀","tab\\tescaped"]},
      "ids":{"type":"string","enum":[1,null,true]}}}}]`],
  ['property_names_need_no_quoting', `[{"name":"keys","parameters":{"type":"object",
    "required":["foo-bar","$ref"],"properties":{
      "foo-bar":{"type":"string"},"with space":{"type":"string"},"$ref":{"type":"string"},
      "ünïcödé":{"type":"string"},"class":{"type":"string"},"123abc":{"type":"string"},
      "":{"type":"string"}}}}]`],
  ['ignored_keywords', `[{"name":"ignored","description":"","parameters":{"type":"object",
    "additionalProperties":false,"properties":{
      "when":{"type":"string","format":"date-time","default":"now","minLength":1,"pattern":"^x"},
      "n":{"type":"number","minimum":0,"maximum":10,"default":5},
      "flag":{"type":"boolean","default":false,"description":""},
      "c":{"type":"string","const":"fixed","title":"C"}}}}]`],
  ['multiline_descriptions', `[{"name":"ml","description":"First line\\nSecond line","parameters":{
    "type":"object","properties":{"x":{"type":"string","description":"x\\n  indented"}}}}]`],
  ['required_edge_cases', `[{"name":"req","parameters":{"type":"object",
    "required":["a","a","missing"],"properties":{"a":{"type":"string"},"b":{"type":"string"}}}}]`],
  ['mixed_functions', `[{"name":"no_properties","description":"Has parameters but no properties","parameters":{"type":"object"}},
    {"name":"with_props","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}]`],
  ['anyof_in_nested_object', `[{"name":"ao","parameters":{"type":"object","properties":{
    "outer":{"type":"object","properties":{"v":{"anyOf":[{"type":"null"},
      {"type":"object","properties":{"w":{"type":"string"}},"required":["w"]}]}}}}}}]`],
  ['no_functions', `[]`],
];

// Inputs where our renderer deliberately differs from hmarr (reasons in function_namespace.cc);
// the C++ tests hard-code our rendering. Printed with --deviations for reference.
const DEVIATE = [
  ['missing_type', `[{"name":"f","parameters":{"type":"object","properties":{"a":{"description":"d"}}}}]`],
  ['unknown_type', `[{"name":"f","parameters":{"type":"object","properties":{"a":{"type":"date"}}}}]`],
  ['type_is_number', `[{"name":"f","parameters":{"type":"object","properties":{"a":{"type":5}}}}]`],
  ['type_array', `[{"name":"f","parameters":{"type":"object","properties":{
    "a":{"type":["string","null"]},"b":{"type":["integer","null"]},"c":{"type":[]}}}}]`],
  ['empty_enum', `[{"name":"f","parameters":{"type":"object","properties":{"a":{"type":"string","enum":[]}}}}]`],
  ['empty_anyof', `[{"name":"f","parameters":{"type":"object","properties":{"a":{"anyOf":[]}}}}]`],
  ['anyof_typeless', `[{"name":"f","parameters":{"type":"object","properties":{"a":{"anyOf":[{"type":"string"},{}]}}}}]`],
  ['items_not_object', `[{"name":"f","parameters":{"type":"object","properties":{
    "a":{"type":"array","items":[{"type":"string"}]},"b":{"type":"array","items":{}}}}}]`],
  ['properties_array', `[{"name":"f","parameters":{"type":"object","properties":[{"type":"string"}]}}]`],
  ['property_not_object', `[{"name":"f","parameters":{"type":"object","properties":{"a":"string","b":true}}}]`],
  ['required_string', `[{"name":"f","parameters":{"type":"object","required":"location","properties":{"loc":{"type":"string"}}}}]`],
  ['missing_name', `[{"parameters":{"type":"object","properties":{}}}]`],
  ['description_not_string', `[{"name":"f","description":5,"parameters":{"type":"object","properties":{}}}]`],
  ['parameters_missing', `[{"name":"f"}]`],
  ['parameters_null', `[{"name":"f","parameters":null}]`],
  ['integer_like_key_order', `[{"name":"f","parameters":{"type":"object","properties":{"b":{"type":"string"},"1":{"type":"string"}}}}]`],
];

function hmarr(json) {
  try {
    return formatFunctionDefinitions(JSON.parse(json));
  } catch (e) {
    return `<hmarr throws: ${e.message}>`;
  }
}

// A C++ raw string literal; the delimiter must not occur in the text.
function raw(text) {
  if (text.includes(')~~"')) throw new Error(`delimiter in ${JSON.stringify(text)}`);
  return `R"~~(${text})~~"`;
}

function table() {
  const rows = AGREE.map(([name, json]) => {
    JSON.parse(json);  // fail early on a typo
    return `    {"${name}",\n     ${raw(json)},\n     ${raw(hmarr(json))}},`;
  });
  return ['const HmarrCase kHmarrCases[] = {', ...rows, '};'].join('\n');
}

const BEGIN = '// BEGIN GENERATED by scripts/check-function-namespace.mjs';
const END = '// END GENERATED';

const mode = process.argv[2];
if (mode === '--check') {
  const source = readFileSync(testFile, 'utf8');
  const start = source.indexOf(BEGIN);
  const end = source.indexOf(END);
  if (start < 0 || end < 0) {
    console.error(`markers not found in ${testFile}`);
    process.exit(1);
  }
  const current = source.slice(start + BEGIN.length, end).trim();
  if (current !== table().trim()) {
    console.error('generated table differs from the test file; rerun and paste the output');
    process.exit(1);
  }
  console.log(`ok: ${AGREE.length} cases match hmarr's formatFunctionDefinitions`);
} else if (mode === '--deviations') {
  for (const [name, json] of DEVIATE) console.log(`=== ${name}\n${json}\n--- hmarr:\n${hmarr(json)}\n`);
} else {
  console.log(`${BEGIN}\n${table()}\n${END}`);
}
