/**
 * The team-written paraphrase bank: how customers ask for common customer-service things, per concept and at
 * several lengths, plus the persona framings (greetings, backstories, thanks, complaints), the digression
 * banks by kind, repair and reassurance requests, handoff demands and give-up lines.
 *
 * Every line here was written for flowstress. Bank phrasings deliberately carry no politeness marker: the
 * realizer adds politeness per persona so the measured share of polite turns follows `parameters.ts`.
 *
 * A flow's intents are mapped to concepts by keyword overlap with the intent's id, label and training
 * phrases. Intents with no concept are paraphrased by transforming their training phrases (synonyms,
 * reframing, dropped words, context clauses), so a simulated customer never simply replays the flow's own
 * training phrases (product.md §4).
 */
import type { Intent } from '../flow/types.ts';
import type { CompiledFlow } from '../runtime/types.ts';
import type { Rng } from '../simulate/random.ts';
import type { DigressionKind, PersonaId } from './types.ts';

// ---------------------------------------------------------------------------------------------------------
// Persona framings.

/** Openers by persona. Non-native openers end in a comma because a request follows in the same sentence. */
export const GREETINGS: Readonly<Record<PersonaId, readonly string[]>> = {
  impatient: ['hi'],
  'typo-prone': ['hi', 'hey', 'hello', 'hi there'],
  'non-native': ['Hello,', 'Good day,', 'Hi,', 'Dear Sir or Madam,', 'Hello, good morning,', 'Excuse me,'],
  elderly: ['Good morning.', 'Hello there.', 'Good afternoon.', "Hello, I hope you're keeping well.", 'Hello dear.', 'Good morning to you.'],
};

export const THANKS: Readonly<Record<PersonaId, readonly string[]>> = {
  impatient: ['thx'],
  'typo-prone': ['thanks', 'cheers', 'thx', 'thanks a lot'],
  'non-native': ['Thank you.', 'Thanks a lot.', 'Thank you very much for the help.', 'Many thanks.'],
  elderly: ['Thank you very much.', "That's very kind of you, thank you.", 'Thank you, dear.', 'Lovely, thank you.', 'Thank you ever so much.'],
};

/** Polite closers an elderly customer adds to a request. */
export const ELDERLY_CLOSINGS: readonly string[] = [
  'Thank you ever so much for your help.',
  "I'd be very grateful.",
  'Thanks in advance, dear.',
  'I do appreciate it.',
  "Thank you, I know you're very busy.",
];

/** Lead-ins of an elderly customer thinking aloud. No politeness marker: they are not polite, just slow. */
export const ELDERLY_LEAD_INS: readonly string[] = ['Well,', 'Let me see,', 'Now then,', 'Oh yes,', 'Right,'];

/** Self-blame after the bot did not understand (NN/g: older users blamed themselves 90% of the time). */
export const ELDERLY_APOLOGIES: readonly string[] = [
  "Sorry, I'm not very good with computers.",
  "Oh dear, I think I've done it wrong.",
  "I'm sorry, I don't think I explained that very well.",
  'Sorry, my fingers are not what they used to be.',
  "Sorry, I'm getting myself in a muddle.",
];

/** Elderly backstories that are not tied to a request (and carry no number or date a slot could catch). */
export const ELDERLY_GENERIC_BACKSTORIES: readonly string[] = [
  "My son usually helps me with these things but he's away.",
  "I'm doing this on my neighbour's tablet because mine has stopped working.",
  "I don't usually use the computer for this sort of thing.",
  'My late husband always dealt with this sort of thing.',
];

/** What the non-native speaker puts around a request when being polite. `{x}` is the request. */
export const NON_NATIVE_POLITE_FRAMES: readonly string[] = [
  '{x}, please.',
  'Please, {x}.',
  '{x}. Thank you.',
  'Hello, {x}, please.',
  'Kindly help me, {x}.',
  'Excuse me, {x}.',
  'Sorry, {x}.',
];

/** The same around an answer or a side remark, where "help me" would not fit. */
export const NON_NATIVE_POLITE_ANSWER_FRAMES: readonly string[] = ['{x}, please.', '{x}. Thank you.', 'Sorry, {x}.', '{x}. Thank you very much.', 'Excuse me, {x}.'];

/** Typo-prone politeness: light, informal. */
export const CASUAL_POLITE_FRAMES: readonly string[] = ['hi, {x}', '{x} please', '{x}, thanks', 'hey {x}', '{x} pls', 'sorry, {x}'];

/** Impatient complaints, added to a turn after the bot failed. */
export const COMPLAINTS: readonly string[] = [
  'seriously', 'come on', 'ugh', 'already told you', 'this is useless', 'not again', 'are you kidding', 'read what I wrote',
  'how hard is this',
];

/** Non-impatient mild complaints after repeated failures. */
export const MILD_COMPLAINTS: readonly string[] = ["that's what I said", 'I already told you', 'hmm, that didn\'t work', 'this is confusing'];

// ---------------------------------------------------------------------------------------------------------
// Handoff demands and giving up.

export const HANDOFF_DEMANDS: Readonly<Record<PersonaId, readonly string[]>> = {
  impatient: ['agent', 'human', 'real person now', 'get me a human', 'talk to a person', 'just give me an agent', 'person. now', 'operator', 'human agent'],
  'typo-prone': ['can I talk to a real person', "I'd like to speak to someone", 'is there a human I can talk to', 'put me through to an agent', 'let me talk to a person'],
  'non-native': ['I want to speak with a person', 'can I talk to a human', 'I need help from a real person', 'I want to talk with an agent'],
  elderly: [
    "Could I speak to a real person? I'm getting in a muddle.",
    "Is there someone I could talk to instead? I'm not very good with these things.",
    'Can you put me through to a person, dear?',
  ],
};

export const GIVE_UPS: Readonly<Record<PersonaId, readonly string[]>> = {
  impatient: ['forget it', 'useless. bye', 'waste of time', "whatever, I'll go elsewhere", 'done with this', 'forget it, bye'],
  'typo-prone': ["never mind, I'll try later", 'ok forget it', "this isn't working, bye", "I'll sort it out another way"],
  'non-native': ['ok, I will try another time', 'sorry, I cannot do it, bye', 'never mind, I will call later'],
  elderly: [
    "I think I'll just ring you instead. Thank you anyway.",
    "Never mind, I'll go in person and ask someone there.",
    "I'll ask my son to help me when he comes round. Goodbye.",
    "I'll give you a ring instead, this is too confusing for me.",
  ],
};

// ---------------------------------------------------------------------------------------------------------
// Repair and reassurance requests.

export const REPEAT_REQUESTS: Readonly<Record<PersonaId, readonly string[]>> = {
  impatient: ['what'],
  'typo-prone': ['what was that', 'can you repeat that', 'say that again'],
  'non-native': ['sorry, can you repeat', "I don't understand, can you say it again", 'please say it more simple', 'can you say it again slowly'],
  elderly: ["I'm sorry, could you say that again? I didn't quite follow.", 'Could you explain that a bit more slowly for me?', "Sorry, what was that? I didn't catch it."],
};

/** `{term}` is a word from the bot's message the customer did not know. */
export const CLARIFY_REQUESTS: Readonly<Record<PersonaId, readonly string[]>> = {
  impatient: ['what is {term}'],
  'typo-prone': ['what does {term} mean'],
  'non-native': ['what does {term} mean', 'sorry, what is {term}', "I don't know the word {term}", 'what means {term}'],
  elderly: ["What do you mean by {term}? I'm not sure I understand.", "Sorry, what's {term}? I've not heard that before."],
};

export const REASSURANCE_REQUESTS: Readonly<Record<PersonaId, readonly string[]>> = {
  impatient: ['did that work'],
  'typo-prone': ['did that go through', 'has that worked', 'did you get that'],
  'non-native': ['did you receive it', 'is it ok now', 'is it saved'],
  elderly: [
    'Did that go through all right?',
    "Has that worked? I'm never sure with these things.",
    "Is that saved now? I don't want to do it all again.",
    'Is it safe to give my details on here?',
  ],
};

// ---------------------------------------------------------------------------------------------------------
// Digressions (persona-realism.md §6.2). Registers: `neutral` (typo-prone, non-native), `elderly`, `impatient`.

export type Register = 'neutral' | 'elderly' | 'impatient';

export function registerOf(persona: PersonaId): Register {
  return persona === 'elderly' ? 'elderly' : persona === 'impatient' ? 'impatient' : 'neutral';
}

/** Digressions that do not depend on what the bot is waiting for. */
export const DIGRESSIONS: Readonly<Record<Exclude<DigressionKind, 'slot_lookalike' | 'topic_switch'>, Readonly<Record<Register, readonly string[]>>>> = {
  unrelated_question: {
    neutral: [
      'how do I unsubscribe from your emails',
      'are you hiring at the moment',
      'who won the match last night',
      "what's a good recipe for banana bread",
      'do you know a good plumber',
      'is your app on android',
      'what time do you close today',
      'is there a number I can ring instead',
      'how do I change the language of this chat',
      "what's the weather doing where you are",
    ],
    elderly: [
      'While I have you, do you know if the post office on the high street still opens on Saturdays?',
      'Can I ask, do you still send things out on paper? I much prefer a letter to the computer.',
      'Do you happen to know how I make the writing bigger on this screen?',
      'Is it true you are closing the office in town?',
    ],
    impatient: ['why is this so slow', 'do you even have a phone line', 'is there an app that actually works'],
  },
  small_talk: {
    neutral: [
      'are you a bot',
      'am I talking to a real person',
      'haha ok',
      'what can you do',
      "how's your day going",
      'are you a robot or a human',
      'lol',
      "that's funny",
      'do you like your job',
      'where are you based',
    ],
    elderly: [
      'Are you a real person or one of those computer programmes? My grandson says they are all computers now.',
      "Isn't it clever how these things work. Are you a machine?",
      "I hope you're having a nice day, it's lovely and sunny here.",
      "You're very patient with me, aren't you.",
    ],
    impatient: ['are you even a person', 'is this a bot', 'ugh, a robot', 'seriously, a bot'],
  },
  backstory: {
    neutral: [
      "it's been a long week",
      "it's for my sister's wedding so it really matters",
      "I'm doing this on my lunch break",
      "I've been a customer for years",
      "this is the first time I've used this chat",
    ],
    elderly: [
      "My granddaughter usually sorts these things out, but she's just started at university.",
      "My late husband always dealt with these things, so I'm a bit lost.",
      "I'm doing this on my neighbour's tablet because mine has stopped working.",
      "I've been with you for a great many years, you know.",
      "My eyes aren't what they were, so I'm typing very slowly.",
      'My son usually helps me with the computer but he is away on holiday.',
    ],
    impatient: ["I've got a train to catch"],
  },
  meta_request: {
    neutral: ['hang on a second', 'wait, let me find it', 'one moment', 'hold on, I need to look for it', 'can you say that again', 'sorry what was the question', 'start over'],
    elderly: [
      'Just a moment, I need to find my glasses.',
      "Hold on, let me go and get the letter, it's in the other room.",
      "Could you say that again? I didn't quite catch it.",
      "Wait a minute, I've pressed something by mistake.",
    ],
    impatient: ['hurry up', 'how long is this going to take', 'just get on with it', 'come on', 'faster', 'skip this'],
  },
};

/**
 * Slot look-alikes: something that reads like an answer to the waiting question but is not one (the Watson
 * note: "what's the weather meant to be tomorrow?" at a pending date slot). `{a}`/`{b}` are choice options,
 * `{prefix}` the first characters of the pattern's example, `{short}` a too-short number.
 */
export const SLOT_LOOKALIKES: Readonly<Record<'date' | 'number' | 'email' | 'phone' | 'pattern' | 'yes_no' | 'choice' | 'text', Readonly<Record<Register, readonly string[]>>>> = {
  date: {
    neutral: ['is it going to rain tomorrow', "what's the date today", 'are you open next Monday', 'is Friday a bank holiday', 'is that before the weekend'],
    elderly: ["Is it going to rain tomorrow, do you know? I've got washing out.", 'What is the date today? I lose track these days.'],
    impatient: ['what day is it even', 'why does the date matter'],
  },
  number: {
    neutral: ['is there a maximum', 'is 2 the maximum', 'do I need to be over 18', 'how much is it, 20 pounds'],
    elderly: ['How many am I allowed? Is 2 too many?', 'Does it matter that I am over 70?'],
    impatient: ['how many is the max', 'why do you need a number'],
  },
  email: {
    neutral: ['is my email safe with you', 'do you need my work or my personal email', 'should I just email your help desk instead', 'will you send me spam'],
    elderly: ["Is it safe to put my email in here? My neighbour had her details stolen.", "I'm not sure which email you mean, I have two."],
    impatient: ['why do you need my email', 'will you spam me'],
  },
  phone: {
    neutral: ["what's your phone number", 'is the 0800 number free to call', 'do you have a number I can call', 'can you call me instead'],
    elderly: ['Could you not just ring me? It would be much easier.', 'Is there a number I can telephone instead?'],
    impatient: ['just call me', 'why do you need my number'],
  },
  pattern: {
    neutral: ['is that the number on the letter', 'where do I find it', 'is it the one starting with {prefix}', 'is {short} the right format', 'does it have letters in it'],
    elderly: ['Is that the number at the top of the letter or the one at the bottom?', "Where would I find that? Is it the one that starts with {prefix}?"],
    impatient: ['where do I even find that', 'is it the {prefix} thing'],
  },
  yes_no: {
    neutral: ['what happens if I say no', 'hmm, is there a fee for that', 'do I have a choice', 'not sure, what would you recommend'],
    elderly: ["I'm not sure. What would you do, if you were me?", 'Is there any charge for that? I am on a pension.'],
    impatient: ['does it matter', 'whatever is faster'],
  },
  choice: {
    neutral: ["what's the difference between {a} and {b}", 'which one is cheaper, {a} or {b}', 'is {a} any good'],
    elderly: ["What's the difference between {a} and {b}? I don't really follow.", 'Which would you recommend, {a} or {b}?'],
    impatient: ['{a} or {b}, which is faster', 'does it matter'],
  },
  text: {
    neutral: ['what do you need that for', 'why do you need to know', 'how much detail do you want', 'is there a word limit'],
    elderly: ['How much do you want me to write? I do tend to go on a bit.', 'What do you need to know that for?'],
    impatient: ['why does that matter', 'do I have to'],
  },
};

/** Topic switches: `{x}` is another request of the same flow, worded like any request. */
export const TOPIC_SWITCH_FRAMES: Readonly<Record<Register, readonly string[]>> = {
  neutral: ['actually, {x}', "oh and while I'm here, {x}", 'wait, before that, {x}', 'also, {x}', 'one more thing, {x}'],
  elderly: ['Oh, and I meant to ask as well, {x}.', 'Before I forget, {x}.', 'While I think of it, {x}.'],
  impatient: ['also {x}', 'and {x}'],
};

// ---------------------------------------------------------------------------------------------------------
// Answers to questions. `{value}` is the slot value, `{label}` the slot's name in words.

/** `date_past` answers "when did it arrive?", `date` a wish ("which day suits you?"). */
export type AnswerKind = 'default' | 'date' | 'date_past' | 'number' | 'email' | 'phone' | 'choice' | 'text' | 'name';

export const ANSWERS: Readonly<Record<PersonaId, Readonly<Partial<Record<AnswerKind, readonly string[]>>>>> = {
  impatient: {
    default: ['{value}', "it's {value}", '{label} {value}', '{value}, hurry', 'its {value} ok', '{label} is {value}', 'here: {value}', '{value} obviously', 'it is {value}'],
    date: ['{value}', 'on {value}', '{value} works', '{value}, asap'],
    date_past: ['{value}', 'on {value}', '{value} I think', 'it was {value}'],
    number: ['{value}', 'just {value}', '{value} ok', '{value}, next'],
    choice: ['{value}', '{value} obviously', 'just {value}', '{value}, next'],
    text: ['{value}', 'just {value}'],
    name: ['{value}', "it's {value}"],
  },
  'typo-prone': {
    default: [
      'my {label} is {value}', 'sure, my {label} is {value}', 'the {label} is {value}', 'ok my {label} is {value}', "yeah it's {value} I think",
      'here you go, the {label} is {value}', 'I think it is {value}', 'it should be {value}', 'the {label} on my email is {value}', 'ok so the {label} is {value}',
      'my {label} is {value} if that helps', 'sure thing, the {label} is {value}', 'I have it here, {value}',
    ],
    date: ['{value} if possible', 'can we do {value} then', '{value} works for me', 'how about {value} then', "I'd like {value} if that's free", 'ideally {value}'],
    date_past: ['it was {value}', 'on {value} I think', 'it came on {value}', 'I think it was {value}', 'around {value} I guess'],
    number: ['{value} of them I think', 'just {value} for now', 'make it {value} then', "I'd say about {value}", 'I need {value} of them'],
    choice: ["I'll go with {value}", 'I think {value} is best', "let's do {value} then", '{value} would be best', 'the {value} one I think'],
    text: ["it's {value}", 'basically {value}', 'so {value}', 'well {value}'],
    email: ['my email is {value}', 'my email address is {value}', 'you can use {value}', 'email me at {value}', 'the email I used is {value}', 'it should be {value} I think'],
    phone: ['my number is {value}', "it's {value}, that's my mobile", 'call me on {value}', 'my mobile is {value}', 'best number is {value}'],
    name: ["it's {value}", 'my name is {value}', "I'm {value}"],
  },
  'non-native': {
    default: ['My {label} is {value}.', 'The {label} is {value}.', 'It is {value}.', 'Yes, my {label} is {value}.', '{value} is my {label}.', 'This is my {label}: {value}.'],
    date: ['I would like {value}.', '{value} is good for me.', 'On {value}, if it is possible.', 'I can come on {value}.'],
    date_past: ['It was {value}.', 'On {value}.', 'I think {value}.', 'It came on {value}.'],
    number: ['{value}.', 'I need {value}.', '{value}, I think.', 'The number is {value}.'],
    choice: ['I choose {value}.', '{value}, I think.', '{value}.', 'My answer is {value}.'],
    text: ['{value}.', 'It is {value}.', 'The problem is {value}.'],
    email: ['My email is {value}.', 'My email address is {value}.', 'It is {value}.'],
    phone: ['My phone number is {value}.', 'The number is {value}.', 'You can call me at {value}.'],
    name: ['My name is {value}.', 'I am {value}.', 'It is {value}.'],
  },
  elderly: {
    default: [
      "My {label} is {value}, I've got it written down here.",
      'Let me see, the {label} is {value}. It was on the letter they sent me.',
      'Yes, I have it here, it is {value}. My daughter wrote it down for me.',
      'It should be {value}, that is what it says on the letter.',
      "Oh yes, the {label}. I believe it's {value}, if I'm reading it right.",
    ],
    date: [
      "Would {value} be possible? I'm free most of that week.",
      "{value} would suit me best, if that's all right.",
      'Could I come on {value}? My daughter can drive me then.',
      'I think {value} would be best for me, I have nothing else on.',
    ],
    date_past: [
      'I think it was {value}. I remember because it was the morning I had the doctor.',
      'It would have been {value}, if my memory serves me right.',
      'It came on {value}, I remember because my daughter was visiting.',
    ],
    number: ["{value}, if that's all right.", 'I think {value} will be enough for me.', 'Let me think. {value}, yes, {value} should do it.'],
    choice: ["I think I'd like {value}, that sounds the most sensible.", '{value}, I think. That would suit me best.', 'Oh, {value} would be best for me.'],
    text: ['{value}. I hope that makes sense.', 'Well, {value}, if you see what I mean.', 'Let me explain. {value}.'],
    email: [
      "My email address is {value}, but I don't check it very often.",
      "It's {value}. My grandson set it up for me.",
      "You can use {value}, that's the one I use for everything.",
    ],
    phone: ["My number is {value}, I'm usually in during the day.", "You can ring me on {value}. If I don't answer I'm probably in the garden."],
    name: ['My name is {value}.', "It's {value}, that's my full name.", "I'm {value}, I've been a customer for a long time."],
  },
};

/** The elderly factual sub-style: full sentences without the extra story. */
export const ELDERLY_FACTUAL_ANSWERS: Readonly<Partial<Record<AnswerKind, readonly string[]>>> = {
  default: ['My {label} is {value}, if that helps.', 'Yes, the {label} is {value}.', 'The {label} is {value}, I believe.', 'That would be {value}, I think.', 'Right, my {label} is {value}.'],
  date: ['{value} would be best for me.', 'Could I have {value}, do you think?', 'I would like {value}, if possible.'],
  date_past: ['It was {value}, I believe.', 'On {value}, I think.', 'It came on {value}.'],
  number: ['{value}, I think.', 'Just {value}, I believe.', 'It would be {value}.'],
  choice: ["I'd like {value}, I think.", '{value} would suit me.', 'I think {value}, yes.'],
  text: ['Well, {value}.', '{value}, I think.', 'It is that {value}.'],
  name: ['My name is {value}.', "It's {value}."],
};

/**
 * Yes and no as people type them: plain words are the minority; hedges ("I think so", "not really") and
 * confirmations with a verb ("yeah go ahead") are common, so a confirmation that takes only "yes"/"no"
 * shows up as fallbacks.
 */
export const YES_NO_ANSWERS: Readonly<Record<PersonaId, { yes: readonly string[]; no: readonly string[] }>> = {
  impatient: { yes: ['yes', 'yep', 'yes, go', 'yes obviously', 'yeah do it', 'y', 'ok', 'sure', 'go ahead'], no: ['no', 'nope', 'no. next', "no, don't", 'nah', 'n', 'leave it'] },
  'typo-prone': {
    yes: ["yes that's right, go ahead", 'yeah that works for me', 'yes go ahead with it', "sure, yes that's fine", 'yep that works', 'yes that is correct', 'yes, that one', 'I think so', 'yeah go ahead', 'yes', 'ok sure'],
    no: ['no not really', 'no, not this time', 'nope, no need for that', "no I don't think so", 'no, leave it as it is', 'not really', 'no', 'probably not'],
  },
  'non-native': {
    yes: ['Yes.', 'Yes, correct.', 'Yes, it is right.', 'Yes, I want this.', 'I think yes.', 'Yes, of course.', 'Ok.'],
    no: ['No.', 'No, I do not want.', 'No, it is not correct.', 'No, not this.', 'I think no.', 'Not really.'],
  },
  elderly: {
    yes: ["Yes, that's right.", 'Yes, that would be lovely.', 'Oh yes, I think so.', 'Yes, go ahead.', "Yes, that's what I'd like.", 'I believe so, yes.', 'Yes please, dear.'],
    no: ["No, I don't think so.", "No, that's not needed.", "No, that's not right, I'm afraid.", "No, I'd rather not.", 'Oh no, not really.'],
  },
};

/** How a customer picks a button-like option by typing. `{label}` is the option's label or a synonym. */
export const OPTION_ANSWERS: Readonly<Record<PersonaId, readonly string[]>> = {
  impatient: ['{label}', '{label}', '{label} obviously', 'just {label}', '{label}, now'],
  'typo-prone': ["it's about {label}", 'I need help with {label}', '{label} I think', "I'm after {label}", 'I want the {label} option', 'the {label} one for me'],
  'non-native': ['I want {label}.', '{label}.', 'I choose {label}.', 'It is about {label}.'],
  elderly: ['I think I need the {label} one.', 'Oh, {label}, I think.', "It's about {label}, if that's the right button.", 'The {label} one, I believe.'],
};

/** Kinds of value a customer volunteers, each with its own clause shapes. */
export type VolunteerKind = 'default' | 'date' | 'count' | 'choice';

/**
 * How a customer adds a slot they were not asked for yet. `{count}` is a number with its label
 * ("3 items", "guests 2").
 */
export const VOLUNTEER_CLAUSES: Readonly<Record<PersonaId, Readonly<Record<VolunteerKind, readonly string[]>>>> = {
  impatient: { default: ['{short} {value}', '{value}', '{short} {value}'], date: ['{value}', 'on {value}'], count: ['{count}'], choice: ['{value}'] },
  // Choices are named bare: "preferably X" fits a wish (a time of day) but not a fact (what went wrong).
  'typo-prone': {
    default: ['my {label} is {value}', '{label} {value}', '{label} is {value}'],
    date: ['on {value}', 'for {value}', 'ideally {value}'],
    count: ['{count}', 'for {count}'],
    choice: ['{value}'],
  },
  'non-native': { default: ['my {label} is {value}', 'the {label} is {value}'], date: ['on {value}', 'for {value}'], count: ['for {count}'], choice: ['{value}'] },
  elderly: {
    default: ['my {label} is {value}', "I have my {label} here, it's {value}", 'the {label} is {value}, I think'],
    date: ['I was thinking of {value}', 'on {value}, if possible'],
    count: ['it would be for {count}'],
    choice: ['{value}, I think', 'it is {value}'],
  },
};

// ---------------------------------------------------------------------------------------------------------
// Politeness.

const POLITENESS_RE =
  /\b(please|pls|plz|thanks?|thank you|thankyou|thx|cheers|sorry|apologi[sz]e|apologies|hello|hi|hey|good (morning|afternoon|evening|day)|kindly|excuse me|dear|appreciate|grateful|would you mind|many thanks|ever so)\b/i;

/** True when a turn carries a politeness marker (greeting, thanks, please, apology...). */
export function hasPolitenessMarker(text: string): boolean {
  return POLITENESS_RE.test(text);
}

// ---------------------------------------------------------------------------------------------------------
// Mapping flow intents to concepts.

const STOP = new Set([
  'i', 'me', 'my', 'a', 'an', 'the', 'to', 'is', 'it', 'do', 'you', 'can', 'could', 'would', 'want', 'need', 'like', 'of', 'for', 'on', 'in',
  'and', 'or', 'be', 'please', 'how', 'what', 'this', 'that', 'with', 'about', 'get', 'am', 'are', 'im', "i'm", "i'd", 'id', 'just', 'some',
]);

/** A crude stem: enough for "tracking" ~ "track" and "refunds" ~ "refund". */
export function stemWord(word: string): string {
  let w = word.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 4 && w.endsWith('es')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  return w;
}

/** Words of an identifier or phrase: splits snake_case, kebab-case and camelCase. */
export function wordsOf(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9']+/)
    .filter((w) => w !== '');
}

// ---------------------------------------------------------------------------------------------------------
// Transforming training phrases.

/** Small synonym groups: any member may replace another. Multi-word members are matched as whole phrases. */
const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['order', 'purchase'],
  ['parcel', 'package'],
  ['want to', 'need to', 'would like to'],
  ['cancel', 'call off'],
  ['check', 'look up', 'see'],
  ['change', 'update', 'modify'],
  ['receive', 'get'],
  ['problem', 'issue', 'trouble'],
  ['broken', 'damaged'],
  ['wrong', 'incorrect'],
  ['book', 'schedule', 'arrange'],
  ['appointment', 'booking'],
  ['help', 'assist'],
  ['item', 'product'],
  ['talk', 'speak', 'chat'],
  ['person', 'human', 'someone'],
  ['find out', 'know'],
  ['tell me', 'let me know'],
  ['arrive', 'turn up', 'show up'],
  ['account', 'profile'],
  ['shop', 'store'],
  ['quickly', 'fast', 'soon'],
  ['status', 'progress'],
  ['delivery', 'shipment'],
  ['refund', 'money back'],
  ['reset', 'recover'],
  ['details', 'information', 'info'],
  ['question', 'query'],
  ['fix', 'sort out'],
  ['missing', 'lost'],
  ['late', 'delayed'],
  ['new', 'another'],
];

/** Leading frames that can be swapped for one another ("I want to X" -> "how can I X"). */
const LEADING_FRAMES = [
  'i would like to', "i'd like to", 'i want to', 'i need to', 'i wanna', 'can i', 'can you', 'could you', 'how do i', 'how can i', 'help me',
  'i have to', "i'm trying to", 'is it possible to', 'please',
];
const NEW_FRAMES = ["I'm trying to", 'how can I', 'is it possible to', 'I have to', 'need to', 'trying to', 'I was hoping to', 'is there a way to'];

/** Verbs that can follow a frame ("how can I" + verb...). */
const FRAME_VERBS = new Set([
  'cancel', 'track', 'change', 'return', 'book', 'check', 'update', 'reset', 'talk', 'speak', 'get', 'find', 'know', 'see', 'send', 'make',
  'order', 'pay', 'buy', 'add', 'remove', 'report', 'modify', 'schedule', 'arrange', 'reschedule', 'move', 'open', 'close', 'delete',
  'contact', 'complain', 'claim', 'request', 'apply', 'sign', 'log', 'login', 'recover', 'renew', 'upgrade', 'downgrade', 'transfer', 'use',
  'exchange', 'swap', 'edit', 'stop', 'pause', 'start', 'activate', 'view', 'download', 'receive', 'collect', 'confirm', 'look', 'call',
]);

const CONTEXT_PREFIXES = ['quick question,', 'so', 'ok so', 'right,', 'um', 'so basically'];
/** Clauses that fit after a request ("cancel my order as soon as possible"). */
const CONTEXT_SUFFIXES = [', if that is possible', ' as soon as possible', ' today', " - it's urgent", ' for me', ", I've been trying for a while", ' this week'];
/** Clauses that fit after a question ("where is my order, any idea"). */
const QUESTION_SUFFIXES = [", it's urgent", " - I've been waiting ages", ', any idea', ' right now', ', do you know', ' at the moment'];
const QUESTION_WORDS = new Set(['where', 'what', 'when', 'how', 'why', 'who', 'which', 'can', 'could', 'is', 'are', 'has', 'have', 'do', 'does', 'did', 'will', 'would', "where's", "what's"]);
const DROPPABLE = new Set(['my', 'the', 'a', 'an', 'just', 'really', 'some', 'please', 'still', 'currently']);

/** Lower case, letters, digits and single spaces: the folding used to compare utterances with training phrases. */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[^\p{L}\p{N}@.' ]+/gu, ' ')
    .replace(/(?<![\p{L}\p{N}])[.']|[.'](?![\p{L}\p{N}])/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const trainingSets = new WeakMap<object, Set<string>>();

function trainingSet(flow: CompiledFlow | { doc: { intents: readonly Intent[] } }): Set<string> {
  let s = trainingSets.get(flow);
  if (!s) {
    s = new Set(flow.doc.intents.flatMap((i) => i.phrases.map(foldText)));
    trainingSets.set(flow, s);
  }
  return s;
}

/**
 * True when `text` is, after case and punctuation folding, exactly one of the flow's training phrases (any
 * intent). The simulated customers should almost never do this (product.md §4).
 */
export function isVerbatimTrainingPhrase(text: string, flow: CompiledFlow | { doc: { intents: readonly Intent[] } }): boolean {
  return trainingSet(flow).has(foldText(text));
}

function replaceWord(words: string[], from: number, len: number, by: string): string[] {
  return [...words.slice(0, from), ...by.split(' '), ...words.slice(from + len)];
}

/**
 * Groups whose members are verbs here but nouns elsewhere ("an update on my order" must not become "an
 * modify"): swapped only where a verb is expected.
 */
const VERB_GROUPS = new Set(['change', 'check', 'book', 'cancel', 'receive', 'help', 'talk', 'fix', 'reset', 'arrive', 'find out', 'tell me']);
/** Words after which a verb follows ("to change", "I change", "can you change", "how do I change"). */
const BEFORE_VERB = new Set(['to', 'i', 'can', 'you', 'please', 'not', "can't", 'cannot', 'me', 'and', "let's", 'lets', 'will', 'should', 'must', 'could', 'would']);

/** Swaps one synonym-group member found in the phrase for another member (fixing "a"/"an" before it). */
function swapSynonym(words: string[], rng: Rng): string[] {
  const hits: { at: number; len: number; group: readonly string[]; member: string }[] = [];
  for (const group of SYNONYM_GROUPS) {
    const verbs = VERB_GROUPS.has(group[0]);
    for (const member of group) {
      const parts = member.split(' ');
      for (let i = 0; i + parts.length <= words.length; i++) {
        if (!parts.every((p, k) => words[i + k] === p)) continue;
        if (verbs && i > 0 && !BEFORE_VERB.has(words[i - 1])) continue;
        hits.push({ at: i, len: parts.length, group, member });
      }
    }
  }
  if (hits.length === 0) return words;
  const h = rng.pick(hits);
  const others = h.group.filter((m) => m !== h.member);
  const out = replaceWord(words, h.at, h.len, rng.pick(others));
  const before = out[h.at - 1];
  if (before === 'a' || before === 'an') out[h.at - 1] = /^[aeiou]/.test(out[h.at]) ? 'an' : 'a';
  return out;
}

/** Replaces a leading frame ("i want to") by another, or adds one before a bare verb. */
function reframe(words: string[], rng: Rng): string[] {
  const joined = words.join(' ');
  for (const f of LEADING_FRAMES) {
    if (joined === f || !joined.startsWith(`${f} `)) continue;
    const rest = words.slice(f.split(' ').length);
    // Only a known verb can take a new frame; "can i come in" keeps its own.
    if (rest.length === 0 || !FRAME_VERBS.has(rest[0])) return words;
    return [...rng.pick(NEW_FRAMES).split(' '), ...rest];
  }
  if (words.length > 0 && FRAME_VERBS.has(words[0])) return [...rng.pick(NEW_FRAMES).split(' '), ...words];
  return words;
}

function dropWord(words: string[], rng: Rng): string[] {
  const idx = words.map((w, i) => (DROPPABLE.has(w) ? i : -1)).filter((i) => i >= 0);
  if (idx.length === 0 || words.length <= 2) return words;
  const at = rng.pick(idx);
  return [...words.slice(0, at), ...words.slice(at + 1)];
}

/** Moves a trailing "for me"/"today"/"now"/"please" clause, or swaps two comma-separated clauses. */
function reorder(phrase: string, rng: Rng): string {
  const parts = phrase.split(/,\s*/);
  if (parts.length === 2 && parts[0] && parts[1]) return `${parts[1]}, ${parts[0]}`;
  const m = /^(.*\S)\s+(today|now|asap|please|again|for me)$/.exec(phrase);
  if (m && rng.chance(0.5)) return `${m[2]}, ${m[1]}`;
  return phrase;
}

function addContext(phrase: string, rng: Rng): string {
  if (rng.chance(0.5)) return `${rng.pick(CONTEXT_PREFIXES)} ${phrase}`;
  const question = QUESTION_WORDS.has(phrase.split(' ')[0]);
  return `${phrase}${rng.pick(question ? QUESTION_SUFFIXES : CONTEXT_SUFFIXES)}`;
}

/**
 * A paraphrase of one training phrase: synonym swaps, a different leading frame, a dropped function word,
 * reordered clauses and sometimes a context clause. Never returns one of `avoid` (folded) when it can help it:
 * after a few tries it adds a context clause, which always changes the folded text.
 *
 * @example
 * transformPhrase('i want to cancel my order', rng, set) // "is it possible to call off my order"
 */
export function transformPhrase(phrase: string, rng: Rng, avoid: ReadonlySet<string> = new Set()): string {
  const base = foldText(phrase);
  for (let attempt = 0; attempt < 4; attempt++) {
    let words = base.split(' ').filter((w) => w !== '');
    if (rng.chance(0.75)) words = swapSynonym(words, rng);
    if (rng.chance(0.5)) words = swapSynonym(words, rng);
    if (rng.chance(0.5)) words = reframe(words, rng);
    if (rng.chance(0.3)) words = dropWord(words, rng);
    let out = words.join(' ');
    if (rng.chance(0.3)) out = reorder(out, rng);
    if (rng.chance(0.3)) out = addContext(out, rng);
    if (out !== base && !avoid.has(foldText(out))) return out;
  }
  return addContext(base, rng);
}

/** Words an impatient customer leaves out when reducing a request to keywords. */
const FUNCTION_WORDS = new Set([...STOP, 'basically', 'quick', 'question', 'ok', 'um', 'right', 'so', 'was', 'hoping', 'trying', 'way', 'will', 'should', 'does', 'did', 'has', 'have', 'been', 'was', 'there', 'any', 'yet', 'at', 'from', 'so', 'know', 'tell', 'let', 'possible', "i've", "don't", 'dont']);

/** A request cut to its content words ("I would like to cancel my order" -> "cancel order"), at most `max` words. */
export function compressPhrase(phrase: string, max = 4): string {
  const words = foldText(phrase).split(' ').filter((w) => w !== '');
  const content = words.filter((w) => !FUNCTION_WORDS.has(w));
  const kept = (content.length > 0 ? content : words).slice(0, max);
  return kept.join(' ');
}

/** The training phrases of the flow, folded (for `transformPhrase`'s avoid set). */
export function trainingPhrasesOf(flow: CompiledFlow): ReadonlySet<string> {
  return trainingSet(flow);
}
