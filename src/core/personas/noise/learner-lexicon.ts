/**
 * Team-written word tables for the learner-grammar channel: customer-service nouns and verbs with their forms, the
 * uncountables learners pluralise, preposition confusions and the plain words learners use for rare ones.
 */

/** Countable customer-service nouns (singular); plurals are derived by `pluralize`. */
const COUNTABLE_NOUNS = `order item package parcel product payment account address day week month year hour minute
  problem question email refund card box delivery charge ticket booking reservation room flight bag size phone number
  bill invoice subscription plan message code store shop price seat appointment thing shoe shirt dress jacket laptop
  device password app website link voucher discount coupon receipt transaction purchase exchange replacement
  customer agent driver courier branch issue request detail name date gift present letter form button status`
  .trim()
  .split(/\s+/);

/** English plural of a regular noun. */
export function pluralize(noun: string): string {
  if (/(s|x|z|ch|sh)$/.test(noun)) return noun + 'es';
  if (/[^aeiou]y$/.test(noun)) return noun.slice(0, -1) + 'ies';
  return noun + 's';
}

/** Singular -> plural for the countable nouns. */
export const NOUN_PLURALS: ReadonlyMap<string, string> = new Map(COUNTABLE_NOUNS.map((n) => [n, pluralize(n)]));
/** Plural -> singular for the countable nouns. */
export const NOUN_SINGULARS: ReadonlyMap<string, string> = new Map(COUNTABLE_NOUNS.map((n) => [pluralize(n), n]));

/**
 * Uncountables that learners count ("informations", "advices", "feedbacks"), persona-realism.md §3.2, with the
 * plural they produce.
 */
export const UNCOUNTABLE_PLURALS: Readonly<Record<string, string>> = {
  information: 'informations',
  advice: 'advices',
  feedback: 'feedbacks',
  equipment: 'equipments',
  furniture: 'furnitures',
  luggage: 'luggages',
  baggage: 'baggages',
  software: 'softwares',
  homework: 'homeworks',
  stuff: 'stuffs',
  money: 'moneys',
  mail: 'mails',
  help: 'helps',
  research: 'researches',
  evidence: 'evidences',
};

/** Uncountables that take a spurious "a" ("I need a help"). */
export const A_UNCOUNTABLE: ReadonlySet<string> = new Set(['help', 'information', 'advice', 'feedback', 'money', 'support']);

export interface VerbForms {
  base: string;
  past: string;
  participle: string;
  ing: string;
  s3: string;
}

/** base, past, participle, -ing, 3rd person singular. */
const VERB_TABLE = `
order ordered ordered ordering orders
receive received received receiving receives
get got got getting gets
check checked checked checking checks
change changed changed changing changes
cancel cancelled cancelled cancelling cancels
arrive arrived arrived arriving arrives
want wanted wanted wanting wants
need needed needed needing needs
track tracked tracked tracking tracks
send sent sent sending sends
pay paid paid paying pays
buy bought bought buying buys
return returned returned returning returns
update updated updated updating updates
help helped helped helping helps
call called called calling calls
wait waited waited waiting waits
use used used using uses
try tried tried trying tries
work worked worked working works
ship shipped shipped shipping ships
deliver delivered delivered delivering delivers
book booked booked booking books
reset reset reset resetting resets
open opened opened opening opens
close closed closed closing closes
charge charged charged charging charges
move moved moved moving moves
confirm confirmed confirmed confirming confirms
show showed shown showing shows
ask asked asked asking asks
contact contacted contacted contacting contacts
look looked looked looking looks
start started started starting starts
stop stopped stopped stopping stops
add added added adding adds
remove removed removed removing removes
apply applied applied applying applies
enter entered entered entering enters
fix fixed fixed fixing fixes
replace replaced replaced replacing replaces
come came come coming comes
go went gone going goes
take took taken taking takes
give gave given giving gives
make made made making makes
see saw seen seeing sees
know knew known knowing knows
tell told told telling tells
say said said saying says
find found found finding finds
think thought thought thinking thinks
bring brought brought bringing brings
write wrote written writing writes
leave left left leaving leaves
forget forgot forgotten forgetting forgets
lose lost lost losing loses
break broke broken breaking breaks
understand understood understood understanding understands
like liked liked liking likes
explain explained explained explaining explains
happen happened happened happening happens
keep kept kept keeping keeps
sign signed signed signing signs
log logged logged logging logs
click clicked clicked clicking clicks
refund refunded refunded refunding refunds
`;

function parseVerbs(): Map<string, VerbForms> {
  const byBase = new Map<string, VerbForms>();
  for (const line of VERB_TABLE.trim().split('\n')) {
    const [base, past, participle, ing, s3] = line.trim().split(/\s+/);
    byBase.set(base, { base, past, participle, ing, s3 });
  }
  return byBase;
}

/** Verb forms by base form. */
export const VERBS: ReadonlyMap<string, VerbForms> = parseVerbs();
/** Verb forms by past form (only where past differs from base). */
export const VERBS_BY_PAST: ReadonlyMap<string, VerbForms> = new Map(
  [...VERBS.values()].filter((v) => v.past !== v.base).map((v) => [v.past, v]),
);
/** Verb forms by past participle. */
export const VERBS_BY_PARTICIPLE: ReadonlyMap<string, VerbForms> = new Map(
  [...VERBS.values()].filter((v) => v.participle !== v.base).map((v) => [v.participle, v]),
);
/** Verb forms by -ing form. */
export const VERBS_BY_ING: ReadonlyMap<string, VerbForms> = new Map([...VERBS.values()].map((v) => [v.ing, v]));
/** Forms of "be" and "have" that take a participle or -ing form after them. */
export const BE_FORMS: ReadonlySet<string> = new Set(['am', 'is', 'are', 'was', 'were', 'be', 'been', "isn't", "aren't", "wasn't", "weren't", "i'm", "it's", "you're", "we're", "they're"]);
export const HAVE_FORMS: ReadonlySet<string> = new Set(['have', 'has', 'had', "haven't", "hasn't", "hadn't", "i've", "we've", "you've", "they've"]);
/** Adverbs that sit between an auxiliary and its verb ("has not arrived", "have already paid"). */
export const INNER_ADVERBS: ReadonlySet<string> = new Set(['not', 'never', 'already', 'still', 'just', 'also', 'only', 'really']);

/** Verb forms by 3rd person singular. */
export const VERBS_BY_S3: ReadonlyMap<string, VerbForms> = new Map([...VERBS.values()].map((v) => [v.s3, v]));

/**
 * Auxiliaries whose form agrees with the subject: singular form -> the plural form learners swap in ("it don't work",
 * "the package have not come", persona-realism.md §3.2) and back.
 */
export const AUX_SINGULAR_TO_PLURAL: Readonly<Record<string, string>> = {
  is: 'are',
  was: 'were',
  has: 'have',
  does: 'do',
  "doesn't": "don't",
  "isn't": "aren't",
  "wasn't": "weren't",
  "hasn't": "haven't",
};
export const AUX_PLURAL_TO_SINGULAR: Readonly<Record<string, string>> = {
  are: 'is',
  were: 'was',
  have: 'has',
  do: 'does',
  "don't": "doesn't",
  "aren't": "isn't",
  "haven't": "hasn't",
};

export const SINGULAR_PRONOUNS: ReadonlySet<string> = new Set(['he', 'she', 'it', 'this', 'that']);
export const PLURAL_PRONOUNS: ReadonlySet<string> = new Set(['i', 'you', 'we', 'they']);
export const SUBJECT_PRONOUNS: ReadonlySet<string> = new Set([...SINGULAR_PRONOUNS, ...PLURAL_PRONOUNS]);
export const DETERMINERS: ReadonlySet<string> = new Set(['a', 'an', 'the', 'my', 'your', 'our', 'his', 'her', 'their', 'this', 'that', 'these', 'those']);
/** Possessives that take a spurious "the" ("the my order"); not "her", which is as often an object pronoun. */
export const POSSESSIVES: ReadonlySet<string> = new Set(['my', 'your', 'our', 'their']);
export const MODALS: ReadonlySet<string> = new Set(['can', 'could', 'will', 'would', 'should', 'must', 'may', 'might']);
/** Words before "I/you/we" that make it an inverted question ("can you", "do I") rather than a subject-verb pair. */
export const INVERTING_AUX: ReadonlySet<string> = new Set([...MODALS, 'do', 'does', 'did', 'is', 'are', 'was', 'were', 'have', 'has', 'to', 'thank']);
export const NUMBER_WORDS: ReadonlySet<string> = new Set(
  ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'twenty', 'several', 'many', 'few', 'both', 'multiple'],
);
/** Verbs that take "to + infinitive", where learners drop the "to" ("I want check"). */
export const TO_INFINITIVE_VERBS: ReadonlySet<string> = new Set(
  ['want', 'wanted', 'wants', 'need', 'needed', 'needs', 'like', 'try', 'tried', 'trying', 'have', 'has', 'had', 'would'],
);
/** Time words that mark a finished past, where learners use the present perfect ("I have ordered it yesterday"). */
export const PAST_ADVERBIAL = /\b(yesterday|ago|last (?:week|month|night|year|time|monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b/i;

export const WH_WORDS: ReadonlySet<string> = new Set(['where', 'when', 'why', 'how', 'what', 'which', 'who']);
export const COPULAS: ReadonlySet<string> = new Set(['is', 'are', 'was', 'were']);
export const DO_AUX: ReadonlySet<string> = new Set(['do', 'does', 'did']);
export const MOVABLE_AUX: ReadonlySet<string> = new Set([...MODALS, 'has', 'have']);

export const WEEKDAYS: ReadonlySet<string> = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
export const DURATION_WORDS: ReadonlySet<string> = new Set(
  ['day', 'days', 'week', 'weeks', 'month', 'months', 'hour', 'hours', 'minutes', 'ages', 'years', 'long', 'a', 'two', 'three', 'four', 'five', 'several', 'many', 'over'],
);

/**
 * Collocations learners get wrong: (word before, preposition) -> the preposition they use instead. After
 * persona-realism.md §3.2 ("arrive to", "in Monday") and the on/in transfer errors of the CLC.
 */
export const PREPOSITION_AFTER: ReadonlyMap<string, readonly string[]> = new Map([
  ['arrive at', ['to']],
  ['arrived at', ['to']],
  ['arrives at', ['to']],
  ['interested in', ['on', 'for']],
  ['depend on', ['of', 'from']],
  ['depends on', ['of', 'from']],
  ['different from', ['of', 'than']],
  ['good at', ['in']],
  ['afraid of', ['from']],
  ['worried about', ['for']],
  ['happy with', ['for', 'of']],
  ['responsible for', ['of']],
  ['married to', ['with']],
  ['charged for', ['of']],
  ['problem with', ['of', 'in']],
  ['delivered to', ['at', 'in']],
  ['sent to', ['at', 'in']],
  ['mistake in', ['on']],
]);

/** Verbs learners use without their preposition ("explain me", "wait my order", "ask a refund"): verb -> preposition dropped. */
export const DROPPABLE_PREPOSITION: ReadonlyMap<string, string> = new Map([
  ['explain', 'to'],
  ['explained', 'to'],
  ['wait', 'for'],
  ['waiting', 'for'],
  ['waited', 'for'],
  ['listen', 'to'],
  ['reply', 'to'],
  ['replied', 'to'],
  ['pay', 'for'],
  ['paid', 'for'],
  ['ask', 'for'],
  ['asked', 'for'],
  ['asking', 'for'],
  ['look', 'for'],
  ['looking', 'for'],
  ['apply', 'for'],
  ['talk', 'to'],
  ['speak', 'to'],
]);

/** Verbs learners add a spurious preposition to ("discuss about", "contact to you"). */
export const SPURIOUS_PREPOSITION: ReadonlyMap<string, string> = new Map([
  ['discuss', 'about'],
  ['contact', 'to'],
  ['contacted', 'to'],
  ['call', 'to'],
  ['tell', 'to'],
  ['reach', 'to'],
  ['enter', 'in'],
  ['return', 'back'],
  ['emphasize', 'on'],
]);

/** Context-free preposition swaps, the commonest learner confusions (in/on/at and friends). */
export const PREPOSITION_SWAPS: Readonly<Record<string, readonly string[]>> = {
  in: ['on', 'at'],
  on: ['in', 'at'],
  at: ['in', 'on'],
  from: ['of'],
  by: ['with', 'on'],
  about: ['of', 'for'],
  of: ['from', 'for'],
  with: ['by'],
  into: ['in'],
};

/**
 * Plain words learners choose over rarer ones (persona-realism.md §3.2 "simplified vocabulary"): the rare word's
 * lowercase form -> what the learner writes.
 */
export const SIMPLER_WORDS: Readonly<Record<string, string>> = {
  receive: 'get',
  received: 'got',
  receiving: 'getting',
  purchase: 'buy',
  purchased: 'bought',
  assistance: 'help',
  assist: 'help',
  inquire: 'ask',
  enquire: 'ask',
  inquiry: 'question',
  enquiry: 'question',
  require: 'need',
  required: 'needed',
  obtain: 'get',
  modify: 'change',
  amend: 'change',
  verify: 'check',
  commence: 'start',
  terminate: 'stop',
  currently: 'now',
  approximately: 'about',
  additional: 'more',
  sufficient: 'enough',
  however: 'but',
  therefore: 'so',
  regarding: 'about',
  concerning: 'about',
  immediately: 'now',
  residence: 'home',
  incorrect: 'wrong',
  damaged: 'broken',
  delayed: 'late',
  attempt: 'try',
  attempted: 'tried',
  indicate: 'show',
  notify: 'tell',
  informed: 'told',
  locate: 'find',
  respond: 'answer',
  refund: 'money back',
  cancellation: 'cancel',
  dispatched: 'sent',
  consignment: 'package',
  unfortunately: 'sadly',
  beneficial: 'good',
  sufficiently: 'enough',
};
