package corpus

// The vocabulary is built from these lists, most frequent first: the words
// every conversation is made of, then content words in a few forms each,
// then made-up jargon (project names, acronyms read out) as the long tail a
// search index must also hold. See vocabulary in text.go.

// commonWords are the head of the distribution, roughly in spoken order of
// frequency.
const commonWords = `the and to of a I that you it in is we so like this was for but what they be
on have with think just know not are there do can about yeah if one all really more people at as or them
because my your when how then there's it's that's don't I'm you're we're they're lot some kind thing
things get got going would could should will had has were been being from out up very much also even
actually right well now here where which who why time way sort mean sure other into these those than
any our us me him her his she he its see say said make made go goes want need take use used work good
new first last next same different because maybe probably basically literally pretty quite still
again back over only never always often sometimes already something anything everything nothing
someone everyone part point idea question answer problem case example reason end start year years day
days week today little big long short hard easy true whole every each most many few both own such
through before after while during without between around against under since until though although
whether either neither yes no okay oh um uh hmm interesting exactly totally definitely absolutely
course fact sense world place team company world person thought look looks looking feel felt seems
seemed find found give gave tell told try tried call called keep kept let put run ran come came bring
brought show shown help talk talked ask asked happen happened change changed mean meant`

// nouns take a plural.
const nouns = `model system data code compiler database query index cache server client latency memory
network protocol package module library function method interface type value pointer error bug test
benchmark profile trace log metric dashboard service cluster node container image kernel process
thread lock channel queue buffer stream file folder disk page table row column schema migration
release version branch commit review feature design language parser token grammar tree graph edge
vertex algorithm heuristic estimate budget cost price market customer user developer engineer
manager founder investor startup product roadmap launch deadline meeting email document spec draft
paper result experiment hypothesis dataset benchmark baseline gradient weight layer neuron tensor
vector matrix embedding prompt agent tool workflow pipeline job task batch request response header
payload endpoint route handler socket port address domain certificate key secret password account
permission role policy rule constraint limit quota region zone rack machine chip core cycle
instruction register compiler optimizer allocator collector heap stack frame callback promise
future event loop timer clock signal sensor device battery screen keyboard camera speaker microphone
podcast episode guest host story book chapter article blog talk conference audience community
project repository issue ticket sprint standup retro incident outage postmortem alert pager shift
habit mistake lesson insight pattern principle tradeoff decision strategy tactic goal metric
number percent dollar hour minute second month decade century career school student teacher
professor lab university city country government law regulation market economy industry sector
competitor partner vendor contract license patent brand voice culture value mission vision`

// verbs take -s, -ed and -ing.
const verbs = `build ship deploy test debug fix break refactor rewrite measure profile optimize cache
index parse compile render serve stream store load save fetch send receive handle process scale
shard replicate migrate train evaluate tune predict generate sample filter sort merge split join
learn teach explain argue agree disagree decide plan design launch hire fire manage lead follow
start finish stop wait move push pull return open close read write print watch listen record edit
publish review approve reject ask answer solve guess check verify trust worry care wonder notice
realize remember forget imagine expect hope want need love hate enjoy prefer consider suggest
improve reduce increase double halve compare count track report alert monitor patch upgrade`

// adjectives stay as they are.
const adjectives = `fast slow cheap expensive simple complex clean messy robust fragile stable flaky
correct wrong early late modern legacy open closed public private local remote distributed
concurrent parallel sequential lazy eager static dynamic strict loose small large huge tiny
important obvious subtle clear vague useful useless careful careless happy sad curious skeptical
optimistic pessimistic technical practical theoretical real fake common rare popular niche
interesting boring weird normal typical special general specific deep shallow wide narrow bright
dark safe risky secure insecure efficient wasteful accurate precise rough smooth`

// syllables make the made-up tail words.
const syllables = `ba be bi bo bu ca co cu da de di do fa fe fi fo ga ge go ha he hi ho ja jo ka ke ki ko
la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so su ta te ti to tu
va ve vi vo za ze zo bar ber cor dex fin gal ker lin mor nex par quin rix sol tor vex zar`
