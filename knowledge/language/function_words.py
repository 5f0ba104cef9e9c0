"""Frequent function words of the seven Latin-script spoken languages, for the chat lexicon.

Articles, pronouns, prepositions, conjunctions, auxiliaries, modal and very common verbs,
and adverbs: the words that decide which language a short sentence is in when its content
words are names or international words. Written from general knowledge of the languages
for this project (not taken from any data set). A word that is common in several languages
is listed under each of them, so that its vote is split (``ChatLexicon`` does that).
"""

from __future__ import annotations

__all__ = ["FUNCTION_WORDS"]

FUNCTION_WORDS: dict[str, str] = {
    "en": """
        the a an of to in on at for with from by about as into over after before under
        between through during without against i you he she it we they me him her us them
        my your his its our their mine yours am is are was were be been being have has had
        do does did done will would shall should can could may might must not this that
        these those there here what which who whom whose when where why how and or but if
        because so than then too very just only all any some every each other another more
        most much many few go goes went gone come came get gets got make made take took
        see saw know knew think thought want like say said tell told give gave find found
        feel felt look looked up out down off again never always often still already
        don't can't won't didn't isn't aren't wasn't weren't couldn't shouldn't wouldn't
        i'm you're he's she's we're they're i've you've we've i'll you'll i'd let's
        car male
        """,
    "es": """
        el la los las un una unos unas lo le les de del al a en con por para sin sobre
        entre hasta desde hacia según yo tú él ella nosotros nosotras vosotros ellos ellas
        me te se nos os mi mis tu tus su sus nuestro nuestra es son está están estoy estás
        estamos estaba estaban era eran fue fueron ser estar he has ha hemos han había hay
        haber tengo tiene tienes tenemos tienen tenía voy vas va vamos van iba hacer hace
        hago hizo puede puedo pueden podría quiero quiere quieres sé sabe sabes dijo decir
        dice ver veo vi creo parece debe debo que qué quien quién como cómo cuando donde
        muy más mas menos también tampoco ya aún todavía siempre nunca aquí allí ahí ahora
        hoy ayer mañana bien mal mucho mucha muchos muchas poco nada algo todo todos todas
        otro otra este esta estos estas ese esa esos esas eso esto y pero porque ni cosa
        ti dos da
        """,
    "fr": """
        le la les un une des du de au aux à en dans sur sous avec pour par sans chez entre
        vers je tu il elle on nous vous ils elles me te se lui leur moi toi eux y mon ma
        mes ton ta tes son sa ses notre nos votre vos suis es est sommes êtes sont étais
        était étaient été être ai as a avons avez ont avais avait avoir fait faire vais va
        allons allez vont peux peut pouvons pouvez peuvent veux veut voulez dois doit sais
        sait que qui quoi quand comment pourquoi où ne pas plus jamais rien personne très
        trop bien aussi encore déjà toujours ici là maintenant hier demain beaucoup peu
        tout tous toute toutes cette ces cet ce quel quelle et ou mais donc car si oui non
        comme c'est j'ai n'est qu'il qu'elle dit mal ma
        """,
    "de": """
        der die das den dem des ein eine einen einem einer eines ich du er sie es wir ihr
        mich dich sich uns euch mir dir ihm ihn ihnen mein meine dein deine sein seine ihre
        unser euer bin bist ist sind seid war waren gewesen habe hast hat haben hatte
        hatten werde wirst wird werden wurde würde kann kannst können konnte muss musst
        müssen soll sollte will willst wollen möchte mag darf nicht kein keine keinen
        nichts auch noch schon sehr nur mal doch ja nein aber oder und denn weil dass wenn
        als ob wie was wer wo wann warum hier dort da jetzt heute gestern morgen immer nie
        oft viel viele mehr gut alle alles dieser diese dieses diesen etwas zu zum zur im
        am ins vom beim mit von bei nach aus auf für über unter vor hinter neben zwischen
        gegen ohne durch um bis seit geht ging kommt kommen kam machen macht gemacht sagen
        sagt gesagt sieht gibt gab weiß wissen so also an
        """,
    "it": """
        il lo la i gli le un uno una di a da in con su per tra fra del dello della dei
        degli delle al allo alla ai agli alle dal dalla nel nella sul sulla io tu lui lei
        noi voi loro mi ti ci vi si ne me te mio mia miei mie tuo tua suo sua nostro vostro
        sono sei è siamo siete era erano stato stata essere ho hai ha abbiamo avete hanno
        avevo aveva avere faccio fa fare vado va andare posso puoi può possiamo potete
        possono voglio vuoi vuole devo deve sa so dice detto che chi cosa come dove quando
        perché non più molto troppo poco anche ancora già sempre mai qui qua lì là adesso
        ora oggi ieri domani bene male tutto tutti tutte questo questa questi quello quella
        e ma se niente nessuno qualcosa
        """,
    "pt": """
        o a os as um uma uns umas de do da dos das em no na nos nas num numa por pelo pela
        para com sem sobre entre até desde eu tu ele ela nós eles elas me te se lhe vos
        lhes mim ti meu minha meus minhas teu tua seu sua nosso nossa você vocês sou és é
        somos são era eram foi foram ser estar estou está estamos estão estava tenho tem
        temos têm tinha ter vou vai vamos vão ia fazer faz fiz posso pode podemos podem
        quero quer queria sei sabe que quem qual como quando onde porque não mais mas menos
        muito muita muitos pouco também já ainda sempre nunca aqui ali agora hoje ontem
        amanhã bem mal tudo todo toda todos isso isto aquilo este esta esse essa e ou se
        sim nada algo alguém ninguém então deve ver
        """,
    "nl": """
        de het een en of maar want dus als dan dat die dit deze wat wie waar wanneer waarom
        hoe ik jij je u hij zij ze wij we jullie mij me jou hem haar ons hun mijn jouw
        zijn onze ben bent is was waren geweest heb hebt heeft hebben had hadden ga gaat
        gaan ging kan kunt kunnen kon wil wilt willen moet moeten mag mogen zal zult
        zullen zou zouden word wordt worden werd doe doet doen deed niet geen wel ook nog
        al heel erg zeer veel meer te naar op aan in uit bij met voor van om over onder
        tussen door tegen sinds tot hier daar er nu vandaag gisteren morgen altijd nooit
        vaak iets niets alles alle iemand niemand ja nee goed
        """,
}
"""Words by language, space-separated (the lexicon also matches them without accents)."""
