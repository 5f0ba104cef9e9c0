"""Words the bot computes and puts into its translated replies, by reply language.

The replies themselves are translated in ``responses/<language>.yml``; this module holds the
few words that actions (and :meth:`knowledge.query.ProductFilters.describe`) build into
their placeholder values: order status names, carrier event summaries, and the phrases
that describe search filters. One job: a word by key and language, English when a
language or a key is missing. Catalog data (product titles, colours, sizes, categories,
brands) is never translated here: it is shown as the catalog spells it.

Every table maps a language code to ``{key: text}`` and has all
:data:`core.languages.REPLY_LANGUAGES` with the same keys (``tests/unit/test_i18n_tables.py``
checks it). :data:`DEFAULT_LANGUAGE` and :data:`LOCALES` are :mod:`core.languages`' own,
re-exported for the modules that format words and numbers with these tables.
"""

from __future__ import annotations

from collections.abc import Mapping

from core.languages import DEFAULT_LANGUAGE, LOCALES

__all__ = [
    "DEFAULT_LANGUAGE",
    "FILTER_WORDS",
    "LOCALES",
    "ORDER_STATUS_NAMES",
    "SHIPMENT_EVENTS",
    "TABLES",
    "Table",
    "word",
]

#: language -> key -> text
Table = Mapping[str, Mapping[str, str]]

#: ``{status_name}``: an order's status as the shopper reads it (English: the enum value).
ORDER_STATUS_NAMES: Table = {
    "en": {
        "pending_payment": "pending payment", "paid": "paid", "packed": "packed",
        "shipped": "shipped", "in_transit": "in transit", "delayed": "delayed",
        "out_for_delivery": "out for delivery", "delivered": "delivered",
        "cancelled": "cancelled", "return_requested": "return requested",
        "returned": "returned", "refunded": "refunded",
    },
    "es": {
        "pending_payment": "pendiente de pago", "paid": "pagado", "packed": "empaquetado",
        "shipped": "enviado", "in_transit": "en camino", "delayed": "retrasado",
        "out_for_delivery": "en reparto", "delivered": "entregado",
        "cancelled": "cancelado", "return_requested": "devolución solicitada",
        "returned": "devuelto", "refunded": "reembolsado",
    },
    "fr": {
        "pending_payment": "en attente de paiement", "paid": "payée", "packed": "emballée",
        "shipped": "expédiée", "in_transit": "en cours d'acheminement", "delayed": "retardée",
        "out_for_delivery": "en cours de livraison", "delivered": "livrée",
        "cancelled": "annulée", "return_requested": "retour demandé",
        "returned": "retournée", "refunded": "remboursée",
    },
    "de": {
        "pending_payment": "Zahlung ausstehend", "paid": "bezahlt", "packed": "verpackt",
        "shipped": "versandt", "in_transit": "unterwegs", "delayed": "verspätet",
        "out_for_delivery": "in Zustellung", "delivered": "zugestellt",
        "cancelled": "storniert", "return_requested": "Rücksendung angefragt",
        "returned": "zurückgesendet", "refunded": "erstattet",
    },
    "it": {
        "pending_payment": "in attesa di pagamento", "paid": "pagato", "packed": "imballato",
        "shipped": "spedito", "in_transit": "in transito", "delayed": "in ritardo",
        "out_for_delivery": "in consegna", "delivered": "consegnato",
        "cancelled": "annullato", "return_requested": "reso richiesto",
        "returned": "restituito", "refunded": "rimborsato",
    },
    "pt": {
        "pending_payment": "pagamento pendente", "paid": "paga", "packed": "embalada",
        "shipped": "enviada", "in_transit": "em trânsito", "delayed": "atrasada",
        "out_for_delivery": "em distribuição", "delivered": "entregue",
        "cancelled": "cancelada", "return_requested": "devolução pedida",
        "returned": "devolvida", "refunded": "reembolsada",
    },
    "nl": {
        "pending_payment": "wacht op betaling", "paid": "betaald", "packed": "ingepakt",
        "shipped": "verzonden", "in_transit": "onderweg", "delayed": "vertraagd",
        "out_for_delivery": "wordt vandaag bezorgd", "delivered": "bezorgd",
        "cancelled": "geannuleerd", "return_requested": "retour aangevraagd",
        "returned": "geretourneerd", "refunded": "terugbetaald",
    },
    "zh": {
        "pending_payment": "待付款", "paid": "已付款", "packed": "已打包",
        "shipped": "已发货", "in_transit": "运输中", "delayed": "已延误",
        "out_for_delivery": "派送中", "delivered": "已送达",
        "cancelled": "已取消", "return_requested": "已申请退货",
        "returned": "已退回", "refunded": "已退款",
    },
}  # fmt: skip

#: ``{latest_event}`` outside English: the carrier event's status, summarised. (English
#: keeps the carrier's own description; carriers write it in their language, not ours.)
SHIPMENT_EVENTS: Table = {
    "en": {
        "label_created": "Shipping label created; the parcel awaits pickup",
        "picked_up": "Picked up by the carrier", "in_transit": "In transit",
        "out_for_delivery": "Out for delivery", "delivered": "Delivered", "delayed": "Delayed",
    },
    "es": {
        "label_created": "Etiqueta de envío creada; el paquete espera la recogida",
        "picked_up": "Recogido por el transportista", "in_transit": "En tránsito",
        "out_for_delivery": "En reparto", "delivered": "Entregado", "delayed": "Retrasado",
    },
    "fr": {
        "label_created": "Étiquette d'expédition créée ; le colis attend l'enlèvement",
        "picked_up": "Pris en charge par le transporteur", "in_transit": "En transit",
        "out_for_delivery": "En cours de livraison", "delivered": "Livré", "delayed": "Retardé",
    },
    "de": {
        "label_created": "Versandetikett erstellt; das Paket wartet auf die Abholung",
        "picked_up": "Vom Versanddienstleister abgeholt", "in_transit": "Unterwegs",
        "out_for_delivery": "In Zustellung", "delivered": "Zugestellt", "delayed": "Verspätet",
    },
    "it": {
        "label_created": "Etichetta di spedizione creata; il pacco attende il ritiro",
        "picked_up": "Ritirato dal corriere", "in_transit": "In transito",
        "out_for_delivery": "In consegna", "delivered": "Consegnato", "delayed": "In ritardo",
    },
    "pt": {
        "label_created": "Etiqueta de envio criada; a encomenda aguarda recolha",
        "picked_up": "Recolhida pela transportadora", "in_transit": "Em trânsito",
        "out_for_delivery": "Em distribuição", "delivered": "Entregue", "delayed": "Atrasada",
    },
    "nl": {
        "label_created": "Verzendlabel aangemaakt; het pakket wacht op ophaling",
        "picked_up": "Opgehaald door de vervoerder", "in_transit": "Onderweg",
        "out_for_delivery": "Wordt bezorgd", "delivered": "Bezorgd", "delayed": "Vertraagd",
    },
    "zh": {
        "label_created": "已创建运单，包裹等待揽收", "picked_up": "快递公司已揽收",
        "in_transit": "运输中", "out_for_delivery": "派送中", "delivered": "已签收",
        "delayed": "已延误",
    },
}  # fmt: skip

#: ``{filters}``: the phrases of :meth:`knowledge.query.ProductFilters.describe`.
#: ``{amount}``, ``{low}``, ``{high}``, ``{values}`` and ``{count}`` are filled in.
FILTER_WORDS: Table = {
    "en": {
        "price_under": "under {amount}", "price_from": "from {amount}",
        "price_between": "between {low} and {high}", "price_any": "any price",
        "colours": "in {values}", "sizes": "size {values}", "categories": "in {values}",
        "brands": "by {values}", "in_stock": "in stock", "or": " or ", "list": ", ",
        "more_colours": "{count} more colours", "more_sizes": "{count} more sizes",
        "more_categories": "{count} more categories", "more_brands": "{count} more brands",
    },
    "es": {
        "price_under": "menos de {amount}", "price_from": "desde {amount}",
        "price_between": "entre {low} y {high}", "price_any": "cualquier precio",
        "colours": "en {values}", "sizes": "talla {values}", "categories": "en {values}",
        "brands": "de {values}", "in_stock": "en stock", "or": " o ", "list": ", ",
        "more_colours": "{count} colores más", "more_sizes": "{count} tallas más",
        "more_categories": "{count} categorías más", "more_brands": "{count} marcas más",
    },
    "fr": {
        "price_under": "moins de {amount}", "price_from": "à partir de {amount}",
        "price_between": "entre {low} et {high}", "price_any": "tout prix",
        "colours": "en {values}", "sizes": "taille {values}", "categories": "dans {values}",
        "brands": "de {values}", "in_stock": "en stock", "or": " ou ", "list": ", ",
        "more_colours": "{count} autres couleurs", "more_sizes": "{count} autres tailles",
        "more_categories": "{count} autres catégories", "more_brands": "{count} autres marques",
    },
    "de": {
        "price_under": "unter {amount}", "price_from": "ab {amount}",
        "price_between": "zwischen {low} und {high}", "price_any": "beliebiger Preis",
        "colours": "in {values}", "sizes": "Größe {values}", "categories": "in {values}",
        "brands": "von {values}", "in_stock": "auf Lager", "or": " oder ", "list": ", ",
        "more_colours": "{count} weiteren Farben", "more_sizes": "{count} weiteren Größen",
        "more_categories": "{count} weiteren Kategorien",
        "more_brands": "{count} weiteren Marken",
    },
    "it": {
        "price_under": "sotto {amount}", "price_from": "da {amount}",
        "price_between": "tra {low} e {high}", "price_any": "qualsiasi prezzo",
        "colours": "in {values}", "sizes": "taglia {values}", "categories": "in {values}",
        "brands": "di {values}", "in_stock": "disponibile", "or": " o ", "list": ", ",
        "more_colours": "altri {count} colori", "more_sizes": "altre {count} taglie",
        "more_categories": "altre {count} categorie", "more_brands": "altri {count} marchi",
    },
    "pt": {
        "price_under": "até {amount}", "price_from": "a partir de {amount}",
        "price_between": "entre {low} e {high}", "price_any": "qualquer preço",
        "colours": "em {values}", "sizes": "tamanho {values}", "categories": "em {values}",
        "brands": "da marca {values}", "in_stock": "em stock", "or": " ou ", "list": ", ",
        "more_colours": "mais {count} cores", "more_sizes": "mais {count} tamanhos",
        "more_categories": "mais {count} categorias", "more_brands": "mais {count} marcas",
    },
    "nl": {
        "price_under": "onder {amount}", "price_from": "vanaf {amount}",
        "price_between": "tussen {low} en {high}", "price_any": "elke prijs",
        "colours": "in {values}", "sizes": "maat {values}", "categories": "in {values}",
        "brands": "van {values}", "in_stock": "op voorraad", "or": " of ", "list": ", ",
        "more_colours": "{count} andere kleuren", "more_sizes": "{count} andere maten",
        "more_categories": "{count} andere categorieën", "more_brands": "{count} andere merken",
    },
    "zh": {
        "price_under": "{amount}以下", "price_from": "{amount}起",
        "price_between": "{low}到{high}之间", "price_any": "任意价格",
        "colours": "颜色：{values}", "sizes": "尺码：{values}", "categories": "类别：{values}",
        "brands": "品牌：{values}", "in_stock": "有货", "or": "或", "list": "、",
        "more_colours": "另外{count}种颜色", "more_sizes": "另外{count}个尺码",
        "more_categories": "另外{count}个类别", "more_brands": "另外{count}个品牌",
    },
}  # fmt: skip

#: Every table, by name (for the completeness tests).
TABLES: dict[str, Table] = {
    "ORDER_STATUS_NAMES": ORDER_STATUS_NAMES,
    "SHIPMENT_EVENTS": SHIPMENT_EVENTS,
    "FILTER_WORDS": FILTER_WORDS,
}


def word(table: Table, key: str, language: str | None = None, default: str | None = None) -> str:
    """``table``'s text for ``key`` in ``language``; English when the language (or the
    language's entry) is missing; ``default`` (else ``key``) when English lacks it too."""
    code = (language or DEFAULT_LANGUAGE).lower()[:2]
    own = table.get(code, {})
    if own.get(key):
        return own[key]
    english = table.get(DEFAULT_LANGUAGE, {})
    if key in english:
        return english[key]
    return key if default is None else default
