/**
 * The short and familiar forms a partner may record instead of a legal given name. Chosen from
 * carltonnorthern/nicknames (Apache-2.0, shared/data/nicknames/names.csv) for the names this
 * generator gives, plus UK forms it lacks (Gaz, Kasia, Mo, Seun, Gosia) and transliteration spellings.
 */
const forms = `
william: bill will billy liam | robert: bob rob bobby robbie | elizabeth: liz beth lizzie betty | margaret: maggie peggy meg
michael: mike mick mikey | thomas: tom tommy | james: jim jimmy jamie | john: jack johnny | richard: rick rich richie dick
christopher: chris kit | stephen: steve | steven: steve | anthony: tony ant | andrew: andy drew | david: dave davey
daniel: dan danny | matthew: matt | joseph: joe joey | samuel: sam sammy | benjamin: ben benny | alexander: alex alec xander
edward: ed eddie ted ned | frederick: fred freddie | alfred: alf alfie | henry: harry hal | charles: charlie chas
nicholas: nick nicky | jonathan: jon jonny | kenneth: ken kenny | timothy: tim | patrick: pat paddy | peter: pete
philip: phil | raymond: ray | ronald: ron ronnie | terence: terry | gregory: greg | jacob: jake | joshua: josh
nathan: nate | zachary: zach zak | sebastian: seb | theodore: theo teddy | oliver: ollie | leonard: len lenny
stanley: stan | gareth: gaz | gary: gaz | darren: daz | barry: baz | geoffrey: geoff | gerald: gerry | douglas: doug
donald: don | albert: bert | walter: wally | bernard: bernie | francis: frank | frank: frankie | leslie: les
malcolm: mal | nigel: nige | trevor: trev | keith: keef | ashley: ash | callum: cal | kieran: kiz | louis: lou
sharon: shaz | catherine: cath cathy kate katie | katherine: kate kath kathy | kathryn: kate | jennifer: jen jenny
rebecca: becky becca bex | samantha: sam sammy | victoria: vicky tori | jessica: jess jessie | charlotte: lottie charlie
susan: sue suzy | patricia: pat trish tricia | christine: chris chrissie | deborah: debbie deb | jacqueline: jackie
pamela: pam | barbara: babs barb | kathleen: kath kathy | dorothy: dot dotty | abigail: abbie abby | amelia: millie
isabella: bella izzy | olivia: liv livvy | eleanor: ellie nell | florence: flo florrie | sophia: sophie | alexandra: alex lexi
natalie: nat | nicola: nicky nikki | stephanie: steph | josephine: jo josie | joanne: jo | danielle: dani | valerie: val
gillian: gill jill | jacqueline: jackie | kimberley: kim | natasha: tash | melanie: mel | suzanne: suzie | caroline: caz
frances: fran | judith: judy | josephine: jo | beverley: bev | paulette: paula | elizabeth: lisa | harriet: hattie
katarzyna: kasia | małgorzata: gosia | aleksandra: ola | agnieszka: aga | magdalena: magda | joanna: asia
krzysztof: krzys | tomasz: tomek | wojciech: wojtek | jakub: kuba | piotr: peter | michał: michael | paweł: paul
mohammed: mo mohammad muhammad mohamed | muhammad: mohammed mohammad mo | mohamed: mohammed mohamud mo
ahmed: ahmad | yusuf: yousuf yusef | ayesha: aisha | aisha: ayesha | fatima: fatimah | zainab: zaynab | hassan: hasan
ibrahim: ebrahim | usman: osman | hamza: hamzah | abdirahman: abdi | abdullahi: abdi | fadumo: faduma | faduma: fadumo
oluwaseun: seun | oluwatoyin: toyin | chukwuemeka: emeka | babatunde: tunde | olumide: mide | temitope: tope
ayodele: ayo | funmilayo: funmi | adaeze: ada | chiamaka: amaka | ifeanyi: ify
harpreet: harry | gurpreet: preet | jaspreet: jas | manpreet: mani | sukhwinder: sukhi | rajinder: raj
`;

export const nicknames: ReadonlyMap<string, readonly string[]> = (() => {
  const table = new Map<string, string[]>();
  for (const entry of forms.split(/[|\n]/)) {
    const [name, short] = entry.split(':');
    if (name === undefined || short === undefined) continue;
    const key = name.trim();
    const known = table.get(key) ?? [];
    known.push(...short.trim().split(/\s+/));
    table.set(key, known);
  }
  return table;
})();
