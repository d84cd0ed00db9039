"""The conversation lists' versions, bumped by triggers on conversations, messages and users.

A shopper's list is ("conversations", user id); the public questions and reviews are
("public-question" / "public-review", product id) for `?product=<id>` and key 0 for every other
query of that type. A change of a conversation or message bumps its shopper's version, and, when
the row is public and approved (before or after the change: an approval or a rejection counts), the
product's and the type's public versions. Conversations are those lists' members: their totals are
kept with the versions, and an unfiltered page takes its count from there. Products, images and
sellers are the "catalog" version (catalog/list_versions.py). pazar/core/revalidation.py reads them for
the ETags.
"""

from pazar.accounts.builders import USER_SUMMARY_FIELDS
from pazar.accounts.models import User
from pazar.core.list_versions import Bump, Members
from pazar.core.revalidation import Revalidation

PUBLIC_ROW = "{row}.is_public AND {row}.is_approved"
# The lists a conversation is in, with their totals kept (core.ListVersion.members): its shopper's,
# its product's public questions or reviews, and every product's.
LISTS = (
    Members("conversations", "user_id"),
    Members("public-", "product_id", by="conversation_type", where=PUBLIC_ROW),
    Members("public-", "0", by="conversation_type", where=PUBLIC_ROW),
)


def _of_conversations(where: str) -> str:
    """The versions of the conversations `c` that `where` selects: their shopper's, and the public ones."""
    public = f"{where} AND c.is_public AND c.is_approved"
    return (
        f"""SELECT 'conversations' AS scope, c.user_id AS "key" FROM conversations_conversation c WHERE {where} """  # noqa: S608 (constants)
        f"""UNION SELECT 'public-' || c.conversation_type AS scope, c.product_id AS "key" """
        f"""FROM conversations_conversation c WHERE {public} """
        f"""UNION SELECT 'public-' || c.conversation_type AS scope, 0 AS "key" """
        f"""FROM conversations_conversation c WHERE {public}"""
    )


# A message shows in its conversation; publicly only once approved (so the message's flag is read too).
MESSAGE = (
    """SELECT 'conversations' AS scope, c.user_id AS "key" FROM conversations_conversation c """
    """WHERE c.id = {row}.conversation_id """
    """UNION SELECT 'public-' || c.conversation_type AS scope, c.product_id AS "key" """
    """FROM conversations_conversation c """
    """WHERE c.id = {row}.conversation_id AND c.is_public AND c.is_approved AND {row}.is_approved """
    """UNION SELECT 'public-' || c.conversation_type AS scope, 0 AS "key" FROM conversations_conversation c """
    """WHERE c.id = {row}.conversation_id AND c.is_public AND c.is_approved AND {row}.is_approved"""
)
# What the lists show of a user: the columns of UserSummarySerializer's fields (the public lists show
# fewer: the first and last name), so a field added to the declaration is one the trigger watches.
USER_FIELDS = tuple(User._meta.get_field(name).column for name in USER_SUMMARY_FIELDS if name != "id")
USER_CHANGED = " OR ".join(f"OLD.{name} IS DISTINCT FROM NEW.{name}" for name in USER_FIELDS)


def bumps() -> list[Bump]:
    return [
        Bump("conversations_conversation", "conversations_conversation", members=LISTS),
        Bump("conversations_message", "conversations_message", MESSAGE),
        Bump(
            "conversations_user",
            "accounts_user",
            _of_conversations("c.user_id = {row}.id"),
            events=("UPDATE",),
            when=USER_CHANGED,
        ),
    ]


class ConversationListRevalidation(Revalidation):
    """`GET /users/conversations/`: the shopper's version and the catalog's; the masking setting."""

    scopes = 2
    settings = ("CONVERSATION_MASK_CONTACT_INFO",)

    def keys(self, view, request):
        return (("conversations", request.user.pk), ("catalog", 0))

    def total(self, view, request, versions):
        return versions[("conversations", request.user.pk)].members


class PublicListRevalidation(Revalidation):
    """`GET /public-questions/`, `/public-reviews/`: shared by everyone (public, max-age)."""

    private = False
    scopes = 2
    settings = ("CONVERSATION_MASK_CONTACT_INFO",)

    def keys(self, view, request):
        return ((f"public-{view.conversation_type}", self.product(request)), ("catalog", 0))

    def product(self, request) -> int:
        product = request.query_params.get("product", "")
        return int(product) if product.isdigit() and len(product) < 19 else 0

    def total(self, view, request, versions):
        # The product's list (`?product=<id>`), or every product's (key 0) when none is named; the
        # view takes it only for a page that no other filter narrows. A product named otherwise than
        # by its plain id (or beyond the versions' keys) has no kept total: its page counts.
        named = request.query_params.get("product")
        key = self.product(request)
        if named is not None and (key == 0 or named != str(key)):
            return None
        return versions[(f"public-{view.conversation_type}", key)].members


CONVERSATION_LIST = ConversationListRevalidation()
PUBLIC_LIST = PublicListRevalidation()
