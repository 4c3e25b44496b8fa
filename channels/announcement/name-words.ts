// Words that never name a product next to a version number, in the languages
// of the corpus: function words ("Since 2.12.0", "Depuis", "È"), months
// ("November 3.0"), licences ("MIT 3.7"), protocols and platforms ("TLS 1.3",
// "Python 3.7"), and the vendor that the corpus names beside its product.

const FUNCTION_WORDS = `
the a an it its this that these those we they you he she our their your and or but with from for to of in on at by
after before since until also almost about over under new latest next upcoming now today finally here there just only
more most some all any both each every first last soon still yet once again via per as is are was were be been has
have had will would can could may might must should not no yes check see get got download released release releases
version versions update updated updates patch minor major bugfix hotfix stable beta alpha edition build
der die das den dem des ein eine einen einem einer und oder aber mit von für zu zum zur im in am an auf aus bei nach
seit vor bis auch fast neue neuen neues neu jetzt heute es ist sind wir ihr sie version versionen veröffentlicht
le la les l un une des du de et ou mais avec pour par dans sur en au aux depuis avant après aussi presque nouvelle
nouveau nouvelles nouveaux est sont nous vous ils elles ce cette ces publié publiée sortie
el los las uno unos unas y o pero con para por del desde antes después también casi nueva nuevo nuevas nuevos versión
versiones es son este esta estos estas publicado lanzado
il lo i gli un uno e ma da di dei della delle dal dalla dopo prima anche quasi nuova nuove nuovi versione versioni è
sono questo questa rilasciato rilasciata
o os as um uma mas com em do da dos das depois também nova novo novas novos versão versões são lançado lançada
`;

const MONTHS = `
january february march april may june july august september october november december
januar februar märz mai juni juli oktober dezember
janvier février mars avril juin juillet août septembre octobre novembre décembre
enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre
gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre
janeiro fevereiro março maio junho julho setembro outubro novembro dezembro
`;

const LICENCES = 'mit gpl gplv2 gplv3 agpl agplv3 lgpl lgplv3 apache bsd mpl isc eupl cc cc0 by-sa';
const PROTOCOLS = 'mqtt tls ssl dtls http https http/2 http/3 ipv4 ipv6 tcp udp quic sasl oauth oauth2 xmpp xep rfc unicode utf-8';
const PLATFORMS = 'python java android ios ipados windows linux macos debian ubuntu fedora node node.js erlang elixir rust go php perl ruby lua qt gtk c c++ c# .net kotlin swift f-droid flatpak snap';
const VENDORS = 'processone process-one';
/** Kinds of thing: a name on their own only with a word before them ("Openfire ThreadDump plugin"). */
const GENERIC = new Set('plugin plugins server client app application library bridge module bot tool component extension addon add-on'.split(' '));

/** Words of a sentence: a name never holds them. */
const SENTENCE = new Set([FUNCTION_WORDS, MONTHS].join(' ').split(/\s+/).filter((w) => w !== ''));
/** Things with versions of their own: never the product a version belongs to. */
const NOT_PRODUCT = new Set([LICENCES, PROTOCOLS, PLATFORMS, VENDORS].join(' ').split(/\s+/).filter((w) => w !== ''));

function bare(word: string): string {
  return word.toLowerCase().replace(/^[("'“‘«[]+|[)"'”’»\],:;!?]+$/gu, '');
}

/** True for a word that never starts a name: function word, month, number. */
export function isStopWord(word: string): boolean {
  const w = bare(word);
  return w === '' || SENTENCE.has(w) || /^\d+$/.test(w);
}

/** True for a licence, protocol, platform or vendor: "MIT 3.7", "TLS 1.3", "Android 14" name no release. */
export function isNotProduct(word: string): boolean {
  return NOT_PRODUCT.has(bare(word));
}

/** A word that can be part of a name: letters or digits with + # . - _ and no sentence punctuation. */
export function isNameWord(word: string): boolean {
  if (!/^[\p{L}\p{N}][\p{L}\p{N}+#.\-_']*$/u.test(word)) return false;
  return !SENTENCE.has(word.toLowerCase());
}

/** A kind of thing ("plugin", "server"): not a name on its own. */
export function isGenericName(word: string): boolean {
  return GENERIC.has(bare(word));
}

const PREPOSITIONS = new Set('for with on in from since to of für mit von seit zu pour avec sur depuis de para con en desde per su da com em'.split(' '));

/** A preposition: what follows it may belong to what came before ("plugin for Openfire 2.2.0"). */
export function isPreposition(word: string): boolean {
  return PREPOSITIONS.has(bare(word));
}
