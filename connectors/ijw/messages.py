"""The four iJw 3.2 message types the hub reads, and the namespaces that identify them."""

from dataclasses import dataclass

BASIS_NAMESPACE = "http://www.istandaarden.nl/ijw/3_2/basisschema/schema"


@dataclass(frozen=True)
class MessageType:
    name: str  # "JW305"
    code: str  # Header/BerichtCode
    sent_by_provider: bool  # Afzender is an AGB code (else a municipality: JW301)

    @property
    def namespace(self) -> str:
        return f"http://www.istandaarden.nl/ijw/3_2/{self.name.lower()}/schema"


JW315 = MessageType("JW315", "446", sent_by_provider=True)
JW301 = MessageType("JW301", "436", sent_by_provider=False)
JW305 = MessageType("JW305", "438", sent_by_provider=True)
JW307 = MessageType("JW307", "440", sent_by_provider=True)

# The root element's name is Bericht in every message: only its namespace tells them apart.
BY_NAMESPACE = {message.namespace: message for message in (JW315, JW301, JW305, JW307)}
