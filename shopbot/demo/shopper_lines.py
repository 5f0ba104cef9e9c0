"""What the demo shoppers type, in the eight reply languages (``shopbot demo conversations``).

Every line was written for the demo and checked against the trained model: it reaches the
intended intent in its language. ``{number}`` and ``{email}`` are filled in with a real demo
order's number and email. The demo agent's lines are here too, in the shopper's language.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

__all__ = ["DEMO_LANGUAGES", "LINES", "Lines"]

#: The eight reply languages, each with its share of the demo conversations (more English).
DEMO_LANGUAGES: Final = MappingProxyType(
    {"en": 0.37, "es": 0.11, "de": 0.11, "fr": 0.1, "it": 0.08, "pt": 0.08, "nl": 0.08, "zh": 0.07}
)

Lines = dict[str, tuple[str, ...]]

_GREET: Lines = {
    "en": ("hi", "hello there", "hey, good morning", "hi! quick question"),
    "es": ("hola", "hola, buenas", "buenos días", "hola, ¿qué tal?"),
    "de": ("hallo", "guten Tag", "hallo zusammen", "guten Morgen"),
    "fr": ("bonjour", "salut", "bonsoir", "bonjour à vous"),
    "it": ("ciao", "buongiorno", "salve", "buonasera"),
    "pt": ("olá", "bom dia", "boa tarde", "olá, tudo bem?"),
    "nl": ("hallo", "goedemorgen", "hoi", "goedendag"),
    "zh": ("你好", "您好", "嗨，你好", "早上好"),
}
_ORDER_STATUS: Lines = {
    "en": (
        "where is my order {number}?",
        "can you check the status of order #{number}?",
        "hi, my order {number} hasn't arrived yet, where is it?",
        "any news on order {number}?",
    ),
    "es": (
        "¿dónde está mi pedido {number}?",
        "hola, ¿me decís cómo va el pedido {number}?",
        "quería saber el estado del pedido {number}",
        "¿el pedido {number} ya está en camino?",
    ),
    "de": (
        "wo ist meine Bestellung {number}?",
        "wie ist der Status von Bestellung {number}?",
        "hallo, meine Bestellung {number} ist noch nicht da, wo ist sie?",
        "gibt es Neuigkeiten zu Bestellung {number}?",
    ),
    "fr": (
        "où en est ma commande {number} ?",
        "bonjour, pouvez-vous vérifier le statut de la commande {number} ?",
        "ma commande {number} n'est toujours pas arrivée, elle est où ?",
        "des nouvelles de la commande {number} ?",
    ),
    "it": (
        "dov'è il mio ordine {number}?",
        "mi dite lo stato dell'ordine {number}?",
        "buongiorno, l'ordine {number} non è ancora arrivato, dov'è?",
        "novità sull'ordine {number}?",
    ),
    "pt": (
        "onde está a minha encomenda {number}?",
        "qual é o estado da encomenda {number}?",
        "olá, a encomenda {number} ainda não chegou, onde está?",
        "há novidades sobre a encomenda {number}?",
    ),
    "nl": (
        "waar is mijn bestelling {number}?",
        "wat is de status van bestelling {number}?",
        "hallo, mijn bestelling {number} is nog niet binnen, waar is die?",
        "is er nieuws over bestelling {number}?",
    ),
    "zh": (
        "我的订单{number}到哪里了？",
        "请帮我查一下订单{number}的状态",
        "你好，我的订单{number}还没到，现在在哪里？",
        "订单{number}有什么进展吗？",
    ),
}
_ORDER_STATUS_ASK: Lines = {
    "en": ("I want to track my order", "where is my parcel?", "has my order shipped yet?"),
    "es": ("quiero rastrear mi pedido", "¿dónde está mi paquete?", "¿ya han enviado mi pedido?"),
    "de": (
        "ich möchte meine Bestellung verfolgen",
        "wo ist mein Paket?",
        "ist meine Bestellung schon verschickt?",
    ),
    "fr": ("je veux suivre ma commande", "où est mon colis ?", "ma commande est partie ?"),
    "it": (
        "voglio tracciare il mio ordine",
        "dov'è il mio pacco?",
        "avete già spedito il mio ordine?",
    ),
    "pt": (
        "quero seguir a minha encomenda",
        "onde está o meu pacote?",
        "a minha encomenda já foi enviada?",
    ),
    "nl": (
        "ik wil mijn bestelling volgen",
        "waar is mijn pakket?",
        "is mijn bestelling al verzonden?",
    ),
    "zh": ("我想查一下我的订单", "我的包裹在哪里？", "我的订单发货了吗？"),
}
_GIVE_NUMBER: Lines = {
    "en": ("{number}", "it's {number}", "order number {number}"),
    "es": ("{number}", "es el {number}"),
    "de": ("{number}", "die Nummer ist {number}"),
    "fr": ("{number}", "c'est la {number}"),
    "it": ("{number}", "è il {number}"),
    "pt": ("{number}", "é a {number}"),
    "nl": ("{number}", "het is {number}"),
    "zh": ("{number}", "订单号是{number}"),
}
_GIVE_EMAIL: Lines = {
    "en": ("{email}", "it's {email}", "{email}"),
    "es": ("{email}", "mi correo es {email}"),
    "de": ("{email}", "meine E-Mail ist {email}"),
    "fr": ("{email}", "mon email est {email}"),
    "it": ("{email}", "la mia email è {email}"),
    "pt": ("{email}", "o meu email é {email}"),
    "nl": ("{email}", "mijn e-mail is {email}"),
    "zh": ("{email}", "我的邮箱是{email}"),
}
_DELIVERY_DATE: Lines = {
    "en": ("when will it arrive?", "when can I expect it?"),
    "es": ("¿cuándo llega?", "¿para cuándo está prevista la entrega?"),
    "de": ("wann kommt es an?", "wann wird es geliefert?"),
    "fr": ("quand est-ce qu'elle arrive ?", "elle sera livrée quand ?"),
    "it": ("quando arriva?", "quando verrà consegnato?"),
    "pt": ("quando chega?", "quando vai ser entregue?"),
    "nl": ("wanneer wordt het bezorgd?", "wanneer komt het aan?"),
    "zh": ("什么时候能到？", "预计什么时候送达？"),
}
_CARRIER: Lines = {
    "en": ("which carrier is delivering it?", "can I have the tracking number?"),
    "es": ("¿qué empresa de transporte lo lleva?", "¿me das el número de seguimiento?"),
    "de": ("welcher Paketdienst liefert?", "wie ist die Sendungsnummer?"),
    "fr": ("c'est quel transporteur ?", "vous avez le numéro de suivi ?"),
    "it": ("quale corriere lo consegna?", "mi date il numero di tracking?"),
    "pt": ("qual é a transportadora?", "qual é o número de seguimento?"),
    "nl": ("welke vervoerder bezorgt het?", "wat is de track and trace code?"),
    "zh": ("是哪家快递公司送的？", "快递单号是多少？"),
}
_ITEMS: Lines = {
    "en": ("what was in my order?", "which items did I order?"),
    "es": ("¿qué artículos había en mi pedido?", "¿qué productos pedí?"),
    "de": ("was war in meiner Bestellung?", "welche Artikel habe ich bestellt?"),
    "fr": ("qu'est-ce qu'il y avait dans ma commande ?", "j'ai commandé quels articles ?"),
    "it": ("cosa c'era nel mio ordine?", "quali articoli ho ordinato?"),
    "pt": ("o que tinha a minha encomenda?", "que artigos encomendei?"),
    "nl": ("wat zat er in mijn bestelling?", "welke artikelen heb ik besteld?"),
    "zh": ("我的订单里有什么？", "我买了哪些商品？"),
}
_CANCEL: Lines = {
    "en": ("I'd like to cancel my order {number}", "please cancel order {number}"),
    "es": ("quiero cancelar el pedido {number}", "cancelad mi pedido {number}, por favor"),
    "de": (
        "ich möchte Bestellung {number} stornieren",
        "bitte storniert meine Bestellung {number}",
    ),
    "fr": ("je voudrais annuler la commande {number}", "annulez ma commande {number} svp"),
    "it": ("vorrei annullare l'ordine {number}", "annullate il mio ordine {number} per favore"),
    "pt": ("quero cancelar a encomenda {number}", "cancelem a minha encomenda {number}, por favor"),
    "nl": ("ik wil bestelling {number} annuleren", "annuleer mijn bestelling {number} alsjeblieft"),
    "zh": ("我想取消订单{number}", "请帮我取消订单{number}"),
}
_AFFIRM: Lines = {
    "en": ("yes", "yes please"),
    "es": ("sí", "sí, por favor"),
    "de": ("ja", "ja, bitte"),
    "fr": ("oui", "oui, merci"),
    "it": ("sì", "sì, grazie"),
    "pt": ("sim", "sim, por favor"),
    "nl": ("ja", "ja graag"),
    "zh": ("是的", "好的"),
}
_DENY: Lines = {
    "en": ("no", "no, leave it"),
    "es": ("no", "no, déjalo"),
    "de": ("nein", "nein, doch nicht"),
    "fr": ("non", "non merci"),
    "it": ("no", "no grazie"),
    "pt": ("não", "não, deixa estar"),
    "nl": ("nee", "nee, laat maar"),
    "zh": ("不用了", "不要"),
}
_RETURN: Lines = {
    "en": (
        "I want to return something from order {number}",
        "I'd like to send back order {number}",
    ),
    "es": (
        "quiero devolver algo del pedido {number}",
        "quiero hacer una devolución del pedido {number}",
    ),
    "de": (
        "ich möchte etwas aus Bestellung {number} zurückschicken",
        "ich will Bestellung {number} zurückgeben",
    ),
    "fr": (
        "je veux retourner un article de la commande {number}",
        "je voudrais renvoyer la commande {number}",
    ),
    "it": (
        "voglio fare un reso dell'ordine {number}",
        "vorrei restituire un articolo dell'ordine {number}",
    ),
    "pt": (
        "quero devolver um artigo da encomenda {number}",
        "queria devolver a encomenda {number}",
    ),
    "nl": (
        "ik wil iets uit bestelling {number} retourneren",
        "ik wil bestelling {number} terugsturen",
    ),
    "zh": ("我想退订单{number}里的商品", "订单{number}我想退货"),
}
_REFUND: Lines = {
    "en": (
        "where is my refund for order {number}?",
        "I haven't got my money back for order {number}",
    ),
    "es": (
        "¿cuándo me devolvéis el dinero del pedido {number}?",
        "quiero saber el reembolso del pedido {number}",
    ),
    "de": (
        "wann bekomme ich mein Geld für Bestellung {number} zurück?",
        "ich warte auf die Rückerstattung für Bestellung {number}",
    ),
    "fr": (
        "où en est le remboursement de la commande {number} ?",
        "je n'ai toujours pas été remboursé pour la commande {number}",
    ),
    "it": (
        "dov'è il rimborso dell'ordine {number}?",
        "non ho ancora ricevuto il rimborso per l'ordine {number}",
    ),
    "pt": (
        "quando recebo o reembolso da encomenda {number}?",
        "onde está o meu reembolso da encomenda {number}?",
    ),
    "nl": (
        "waar blijft de terugbetaling van bestelling {number}?",
        "ik heb mijn geld voor bestelling {number} nog niet terug",
    ),
    "zh": ("订单{number}的退款到哪了？", "订单{number}的钱还没退给我"),
}
_POLICY_SHIPPING: Lines = {
    "en": ("how much is shipping?", "is delivery free?", "do you ship abroad?"),
    "es": ("¿cuánto cuestan los gastos de envío?", "¿el envío es gratis?"),
    "de": ("was kostet der Versand?", "ist der Versand kostenlos?"),
    "fr": ("combien coûte la livraison ?", "la livraison est gratuite ?"),
    "it": ("quanto costa la spedizione?", "la spedizione è gratuita?"),
    "pt": ("quanto custam os portes?", "o envio é grátis?"),
    "nl": ("wat kost de verzending?", "is verzenden gratis?"),
    "zh": ("运费多少钱？", "包邮吗？"),
}
_POLICY_RETURNS: Lines = {
    "en": ("what is your return policy?", "how many days do I have to return something?"),
    "es": ("¿cuál es vuestra política de devoluciones?", "¿cuántos días tengo para devolver algo?"),
    "de": ("wie sind eure Rückgabebedingungen?", "wie lange habe ich Zeit für eine Rücksendung?"),
    "fr": (
        "c'est quoi votre politique de retour ?",
        "j'ai combien de jours pour retourner un article ?",
    ),
    "it": ("qual è la vostra politica di reso?", "quanti giorni ho per fare un reso?"),
    "pt": ("qual é a vossa política de devoluções?", "quantos dias tenho para devolver um artigo?"),
    "nl": ("wat is jullie retourbeleid?", "hoeveel dagen heb ik om iets terug te sturen?"),
    "zh": ("你们的退货政策是什么？", "多少天内可以退货？"),
}
_POLICY_PAYMENT: Lines = {
    "en": ("which payment methods do you accept?", "can I pay with PayPal?"),
    "es": ("¿qué métodos de pago aceptáis?", "¿puedo pagar con PayPal?"),
    "de": ("welche Zahlungsarten gibt es?", "kann ich mit PayPal zahlen?"),
    "fr": ("quels moyens de paiement acceptez-vous ?", "on peut payer par PayPal ?"),
    "it": ("che metodi di pagamento accettate?", "si può pagare con PayPal?"),
    "pt": ("que métodos de pagamento aceitam?", "posso pagar com PayPal?"),
    "nl": ("welke betaalmethodes accepteren jullie?", "kan ik met PayPal betalen?"),
    "zh": ("你们支持哪些付款方式？", "可以用PayPal付款吗？"),
}
_POLICY_WARRANTY: Lines = {
    "en": ("is there a warranty?", "how long is the warranty?"),
    "es": ("¿tiene garantía?", "¿cuánto dura la garantía?"),
    "de": ("gibt es eine Garantie?", "wie lange ist die Garantie?"),
    "fr": ("il y a une garantie ?", "la garantie dure combien de temps ?"),
    "it": ("c'è la garanzia?", "quanto dura la garanzia?"),
    "pt": ("tem garantia?", "quanto tempo dura a garantia?"),
    "nl": ("zit er garantie op?", "hoe lang is de garantie?"),
    "zh": ("有保修吗？", "保修期多长？"),
}
_POLICY_HOURS: Lines = {
    "en": ("when is customer service open?", "what are your opening hours?"),
    "es": ("¿cuál es el horario de atención al cliente?", "¿a qué hora abrís?"),
    "de": ("wann ist der Kundenservice erreichbar?", "habt ihr sonntags offen?"),
    "fr": ("quels sont les horaires du service client ?", "vous êtes ouverts le dimanche ?"),
    "it": ("quali sono gli orari del servizio clienti?", "siete aperti la domenica?"),
    "pt": ("qual é o horário do apoio ao cliente?", "estão abertos ao domingo?"),
    "nl": ("wat zijn de openingstijden van de klantenservice?", "zijn jullie op zondag open?"),
    "zh": ("客服几点上班？", "你们周末有客服吗？"),
}
_SEARCH_FOUND: Lines = {
    "en": (
        "I'm looking for waterproof hiking boots under 150",
        "do you have a black backpack for my laptop?",
        "show me running shoes",
        "I need a warm jacket for winter",
        "looking for a stainless steel water bottle",
        "any wireless headphones?",
        "a yoga mat please",
        "I'm looking for a leather wallet",
    ),
    "es": (
        "busco botas de montaña impermeables",
        "¿tenéis mochilas negras?",
        "quiero unas zapatillas para correr",
        "busco una chaqueta de invierno",
    ),
    "de": (
        "ich suche wasserdichte Wanderschuhe",
        "habt ihr schwarze Rucksäcke?",
        "zeig mir Laufschuhe",
        "ich brauche eine warme Winterjacke",
    ),
    "fr": (
        "je cherche des chaussures de randonnée imperméables",
        "vous avez des sacs à dos noirs ?",
        "vous avez des chaussures de running ?",
        "je cherche une veste chaude pour l'hiver",
    ),
    "it": (
        "cerco scarponi da trekking impermeabili",
        "avete zaini neri?",
        "fammi vedere scarpe da corsa",
        "cerco una giacca calda per l'inverno",
    ),
    "pt": (
        "procuro botas de caminhada impermeáveis",
        "têm mochilas pretas?",
        "mostra-me sapatilhas de corrida",
        "preciso de um casaco quente para o inverno",
    ),
    "nl": (
        "ik zoek waterdichte wandelschoenen",
        "hebben jullie zwarte rugzakken?",
        "laat hardloopschoenen zien",
        "ik zoek een warme winterjas",
    ),
    "zh": ("我想买防水登山鞋", "有黑色的双肩包吗？", "给我看看跑步鞋", "我需要一件保暖的冬季外套"),
}
_SEARCH_NOTHING: Lines = {
    "en": (
        "do you have hiking boots under 5 euros?",
        "I'm looking for a grand piano",
        "a winter jacket under 3 euros",
        "running shoes in size 60",
    ),
    "es": (
        "¿tenéis botas de montaña por menos de 5 euros?",
        "busco una chaqueta de invierno por menos de 3 euros",
    ),
    "de": ("habt ihr Wanderschuhe unter 5 Euro?", "ich suche eine Winterjacke unter 3 Euro"),
    "fr": (
        "vous avez des chaussures de randonnée à moins de 5 euros ?",
        "je cherche une veste d'hiver à moins de 3 euros",
    ),
    "it": ("avete scarponi da trekking sotto i 5 euro?", "cerco un pianoforte a coda"),
    "pt": ("têm botas de caminhada por menos de 5 euros?", "procuro um piano de cauda"),
    "nl": (
        "hebben jullie wandelschoenen onder de 5 euro?",
        "ik zoek een winterjas onder de 3 euro",
    ),
    "zh": ("有5欧元以下的登山鞋吗？", "有3欧元以下的冬季外套吗？"),
}
_PRODUCT_DETAIL: Lines = {
    "en": (
        "how much is the second one?",
        "tell me more about the first one",
        "is the third one in stock?",
    ),
    "es": ("¿cuánto cuesta el segundo?", "háblame más del primero"),
    "de": ("was kostet der zweite?", "erzähl mir mehr über den ersten"),
    "fr": ("combien coûte le deuxième ?", "dis-m'en plus sur le premier"),
    "it": ("quanto costa il secondo?", "dimmi di più sul primo"),
    "pt": ("quanto custa o segundo?", "fala-me mais do primeiro"),
    "nl": ("wat kost de tweede?", "vertel meer over de eerste"),
    "zh": ("第二个多少钱？", "介绍一下第一个"),
}
_MORE_RESULTS: Lines = {
    "en": ("show me more", "any others?"),
    "es": ("enséñame otros", "quiero ver más"),
    "de": ("zeig mir mehr", "gibt es noch mehr?"),
    "fr": ("montre-m'en plus", "il y en a d'autres ?"),
    "it": ("fammi vedere altro", "ce ne sono altri?"),
    "pt": ("mostra mais", "há mais?"),
    "nl": ("laat meer zien", "zijn er nog meer?"),
    "zh": ("再给我看看别的", "还有别的吗？"),
}
_FRUSTRATED: Lines = {
    "en": (
        "This is ridiculous, I've waited three weeks and nobody ever helps me!",
        "Absolutely useless service, I am furious",
        "worst shop ever, honestly a disgrace",
        "I'm so angry, my parcel is lost and this is a disaster!!",
    ),
    "es": (
        "¡Esto es una vergüenza, llevo tres semanas esperando y nadie me ayuda!",
        "servicio pésimo, estoy muy enfadado",
        "la peor tienda del mundo, un desastre total",
    ),
    "de": (
        "Das ist eine Frechheit, ich warte seit drei Wochen und niemand hilft mir!",
        "absolut nutzloser Service, ich bin wütend",
        "der schlechteste Shop überhaupt, eine Katastrophe",
    ),
    "fr": (
        "C'est inadmissible, j'attends depuis trois semaines et personne ne m'aide !",
        "service complètement nul, je suis furieux",
        "la pire boutique qui soit, une honte",
    ),
    "it": (
        "È una vergogna, aspetto da tre settimane e nessuno mi aiuta!",
        "servizio inutile, sono furioso",
        "il peggior negozio di sempre, un disastro",
    ),
    "pt": (
        "Isto é uma vergonha, estou à espera há três semanas e ninguém me ajuda!",
        "serviço péssimo, estou furioso",
        "a pior loja de sempre, um desastre",
    ),
    "nl": (
        "Dit is belachelijk, ik wacht al drie weken en niemand helpt me!",
        "waardeloze service, ik ben woedend",
        "de slechtste winkel ooit, een schande",
    ),
    "zh": (
        "太过分了，我等了三个星期，没有人帮我！",
        "服务太差了，我非常生气",
        "最差的商店，简直是灾难",
    ),
}
_FRUSTRATED_ORDER: Lines = {
    "en": (
        "worst service ever, my order {number} still hasn't arrived",
        "I'm furious, where is my order {number}? It's weeks late!",
    ),
    "es": ("¡Es una vergüenza! ¿dónde está mi pedido {number}? llevo semanas esperando",),
    "de": ("Das ist eine Frechheit! Wo ist meine Bestellung {number}? Ich warte seit Wochen",),
    "fr": ("C'est inadmissible ! où est ma commande {number} ? j'attends depuis des semaines",),
    "it": ("È una vergogna! dov'è il mio ordine {number}? aspetto da settimane",),
    "pt": ("Isto é uma vergonha! onde está a minha encomenda {number}? espero há semanas",),
    "nl": ("Dit is belachelijk! waar is mijn bestelling {number}? ik wacht al weken",),
    "zh": ("太过分了！我的订单{number}到底在哪里？我已经等了好几个星期了",),
}
_HANDOVER: Lines = {
    "en": ("I want to talk to a human", "can I speak to a real person please?", "get me an agent"),
    "es": ("quiero hablar con una persona", "¿puedo hablar con alguien de verdad?"),
    "de": ("ich möchte mit einem Menschen sprechen", "verbinde mich mit einem Mitarbeiter"),
    "fr": ("je veux parler à un humain", "passez-moi un conseiller"),
    "it": ("voglio parlare con una persona", "passami un operatore"),
    "pt": ("quero falar com uma pessoa", "posso falar com alguém?"),
    "nl": ("ik wil met een mens praten", "verbind me door met een medewerker"),
    "zh": ("我要人工客服", "我想和真人说话"),
}
_OFF_TOPIC: Lines = {
    "en": (
        "what's the weather like tomorrow?",
        "recommend me a movie for tonight",
        "tell me a joke",
    ),
    "es": ("¿qué tiempo hará mañana?", "recomiéndame una película para esta noche"),
    "de": ("wie wird das Wetter morgen?", "empfiehl mir einen Film für heute Abend"),
    "fr": ("quel temps fera-t-il demain ?", "conseille-moi un film pour ce soir"),
    "it": ("che tempo farà domani?", "consigliami un film per stasera"),
    "pt": ("como vai estar o tempo amanhã?", "recomenda-me um filme para hoje à noite"),
    "nl": ("wat voor weer wordt het morgen?", "raad me een film aan voor vanavond"),
    "zh": ("明天天气怎么样？", "推荐一部今晚看的电影"),
}
#: Messages the model does not understand (the NLU fallback), whatever the language.
_GARBLED: Lines = {
    language: ("asdf", "...", "purple monkey dishwasher", "asdkj qwe zzz")
    for language in DEMO_LANGUAGES
}
_THANKS: Lines = {
    "en": ("thanks!", "thank you, that helps"),
    "es": ("¡gracias!", "muchas gracias"),
    "de": ("danke!", "vielen Dank"),
    "fr": ("merci !", "merci beaucoup"),
    "it": ("grazie!", "grazie mille"),
    "pt": ("obrigado!", "muito obrigada"),
    "nl": ("bedankt!", "dank je wel"),
    "zh": ("谢谢！", "非常感谢"),
}
_GOODBYE: Lines = {
    "en": ("bye", "that's all, bye"),
    "es": ("adiós", "eso es todo, adiós"),
    "de": ("tschüss", "das war's, auf Wiedersehen"),
    "fr": ("au revoir", "c'est tout, au revoir"),
    "it": ("ciao, a presto", "arrivederci"),
    "pt": ("adeus", "é tudo, adeus"),
    "nl": ("doei", "dat was het, tot ziens"),
    "zh": ("再见", "就这些，再见"),
}
_COMMENT_GOOD: Lines = {
    "en": ("Quick and clear, thank you", "Very helpful, thanks"),
    "es": ("Rápido y claro, gracias", "Muy útil, gracias"),
    "de": ("Schnell und klar, danke", "Sehr hilfreich"),
    "fr": ("Rapide et clair, merci", "Très utile"),
    "it": ("Veloce e chiaro, grazie", "Molto utile"),
    "pt": ("Rápido e claro, obrigado", "Muito útil"),
    "nl": ("Snel en duidelijk, bedankt", "Heel behulpzaam"),
    "zh": ("回答很快很清楚，谢谢", "很有帮助"),
}
_COMMENT_BAD: Lines = {
    "en": ("The parcel is still late, not happy", "Slow answers and the parcel is late"),
    "es": ("El paquete sigue sin llegar, no estoy contento", "Demasiadas preguntas"),
    "de": ("Das Paket ist immer noch nicht da, nicht zufrieden", "Zu viele Fragen"),
    "fr": ("Le colis est toujours en retard, pas content", "Trop de questions"),
    "it": ("Il pacco è ancora in ritardo, non sono contento", "Troppe domande"),
    "pt": ("A encomenda continua atrasada, não estou contente", "Demasiadas perguntas"),
    "nl": ("Het pakket is nog steeds te laat, niet tevreden", "Te veel vragen"),
    "zh": ("包裹还是没到，不满意", "问题太多了"),
}
_WAITING: Lines = {
    "en": ("hello? is anyone there?", "ok, I'll wait"),
    "es": ("¿hola? ¿hay alguien?", "vale, espero"),
    "de": ("hallo? ist da jemand?", "ok, ich warte"),
    "fr": ("allô ? il y a quelqu'un ?", "d'accord, j'attends"),
    "it": ("pronto? c'è qualcuno?", "ok, aspetto"),
    "pt": ("olá? está aí alguém?", "ok, eu espero"),
    "nl": ("hallo? is daar iemand?", "oké, ik wacht"),
    "zh": ("有人吗？", "好的，我等一下"),
}
_AGENT_ANSWER: Lines = {
    "en": (
        "Hi, I've looked into it: our warehouse team has your case, you'll get an email today.",
        "Thanks for waiting. I've sorted it out, you'll get a confirmation by email.",
    ),
    "es": ("Hola, ya lo he revisado: te escribimos hoy mismo por correo.",),
    "de": ("Hallo, ich habe es mir angesehen: Sie bekommen heute noch eine E-Mail von uns.",),
    "fr": ("Bonjour, j'ai vérifié : vous recevrez un email de notre part aujourd'hui.",),
    "it": ("Ciao, ho controllato: riceverai oggi stesso una email da noi.",),
    "pt": ("Olá, já verifiquei: vai receber hoje um email nosso.",),
    "nl": ("Hallo, ik heb het bekeken: u krijgt vandaag nog een e-mail van ons.",),
    "zh": ("您好，我已经查看过了，今天会给您发邮件说明。",),
}
_AGENT_THANKS: Lines = {
    "en": ("great, thank you!",),
    "es": ("genial, ¡gracias!",),
    "de": ("super, danke!",),
    "fr": ("super, merci !",),
    "it": ("perfetto, grazie!",),
    "pt": ("ótimo, obrigado!",),
    "nl": ("top, bedankt!",),
    "zh": ("太好了，谢谢！",),
}

#: Every kind of line, by language.
LINES: Final = MappingProxyType(
    {
        "greet": _GREET,
        "order_status": _ORDER_STATUS,
        "order_status_ask": _ORDER_STATUS_ASK,
        "give_number": _GIVE_NUMBER,
        "give_email": _GIVE_EMAIL,
        "delivery_date": _DELIVERY_DATE,
        "carrier": _CARRIER,
        "items": _ITEMS,
        "cancel": _CANCEL,
        "affirm": _AFFIRM,
        "deny": _DENY,
        "return": _RETURN,
        "refund": _REFUND,
        "policy_shipping": _POLICY_SHIPPING,
        "policy_returns": _POLICY_RETURNS,
        "policy_payment": _POLICY_PAYMENT,
        "policy_warranty": _POLICY_WARRANTY,
        "policy_hours": _POLICY_HOURS,
        "search_found": _SEARCH_FOUND,
        "search_nothing": _SEARCH_NOTHING,
        "product_detail": _PRODUCT_DETAIL,
        "more_results": _MORE_RESULTS,
        "frustrated": _FRUSTRATED,
        "frustrated_order": _FRUSTRATED_ORDER,
        "handover": _HANDOVER,
        "off_topic": _OFF_TOPIC,
        "garbled": _GARBLED,
        "thanks": _THANKS,
        "goodbye": _GOODBYE,
        "comment_good": _COMMENT_GOOD,
        "comment_bad": _COMMENT_BAD,
        "waiting": _WAITING,
        "agent_answer": _AGENT_ANSWER,
        "agent_thanks": _AGENT_THANKS,
    }
)
