/**
 * Very common English words that the typo corrector never rewrites into a flow's keywords. Without it, a
 * real word one edit away from a keyword would be "corrected" into it ("older" -> "order", "hour" <- "four",
 * "want" -> "wait"), and off-topic turns would start matching intents. The research note recommends skipping
 * correction for dictionary words (persona-realism.md section 7.2, step 2); a full dictionary is too heavy
 * for the worker bundle, so this is a team-written list of frequent function words and everyday words,
 * weighted towards the ones that sit one or two edits from customer-service vocabulary ("repeat" is two
 * from "reset", "bot" one from "not", "monday" two from "money"), plus day and month names, which are
 * slot values.
 */
const WORDS = `
a about above after again against all almost also always am an and any anyone anything are around as ask
asked at away back bad be because been before being below best better between big both bought but buy by
call called came can card care case cart cause change cheap child city close cold come coming could count
country course cut day days dear did different do does doing done door down during each early easy eat
else end enough even evening ever every everything eye face fact family far fast father feel few find fine
first five food for form forty found four free friend from full fun game gave get gets getting girl give
given go goes going gone good got great green group grow had half hand happy hard has hat have having he
head hear heard heart help her here high him his hold holiday home hope horse hot hour house how however i
idea if important in inside into is it its job just keep kind knew know known land large last late later
learn least leave left less let letter life light like line little live long look looking lot love low
made mail make man many may me mean men might mind money month more morning most mother move much must my
name near need never new news next nice night nine no nobody none nor not nothing now number of off often
old older on once one only open or order other our out over own page paper part past pay people person
phone picture place plan play point post power pretty price problem put question quite rain rather read
real really reason red rest right road room run said same saw say school second see seem seen send sent
set seven several she ship shop short should show side since six small so some someone something sometimes
soon sound speak start state still stop store story such sun sure take talk tell ten than that the their
them then there these they thing things think third this those though thought three through time to today
together told too took top toward town tree tried true try turn two under until up upon us use used very
wait walk want wanted war was watch water way we weather week weekend well went were what when where
whether which while white who whole whose why wife will win window wish with within without woman women
word words work world worse would write wrong year years yes yet you young your yours yourself
art bag ball bank bed bird boat body book box boy bus cake car cat cow cup dad dog ear egg fish flat foot
fox game hair hill ice key kid lady leg lip map mom mum nose pen pet pig pot rat sea sky son tall tea toe
toy van wall wine
again another answer area bill black blue bot brown colour color correct cheaper code cost driver early
explain fee gift grey hello joke later lost meaning message minute missing moment online pardon pink
question rain rather repeat reply robot sale size sorry stolen tonight understand weather yellow
monday tuesday wednesday thursday friday saturday sunday january february march april june july august
september october november december
`;

export const COMMON_WORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter((w) => w.length > 0));
